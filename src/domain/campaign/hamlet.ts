import { normalizeText } from '../protocol/text';
import { OTHER_HAMLET } from './roadmap';

/**
 * The hamlet of a work order (issue 15 §1): the unit below the commune that the roadmap groups orders by. The CMIS
 * import may carry it (the optional THON column); else the address usually names it ("Thôn 3, xã Phú Mỹ",
 * "123 ấp Tân Lợi, xã Tân Thành", "Tổ dân phố 5, phường Hạc Thành"); else the order goes to OTHER_HAMLET.
 *
 * Names come out canonical so that the spellings of one hamlet group together: the kind word in its dictionary
 * form ("THÔN", "thon", "Thôn" → "Thôn"; "TDP", "tổ" → "Tổ dân phố"; "KP" → "Khu phố"), the name's words
 * capitalised, numbers without leading zeros ("Tổ 05" → "Tổ dân phố 5"), and the tone mark of a word-final
 * oa / oe / uy where the 1997 spelling rule puts it ("Hoà" → "Hòa", "Thuỷ" → "Thủy").
 */

interface HamletKind {
  canonical: string;
  /** Each spelling as its words, lower case with diacritics. */
  spellings: readonly (readonly string[])[];
  /**
   * When an address names several units, the largest one is the hamlet: "Tổ 5, khóm 2, phường 5" is tổ 5 inside
   * khóm 2 (Cà Mau), "Xóm 3, thôn Đông" is a xóm inside a thôn, "Tổ 7, khu phố 2" a tổ inside a khu phố (Hồ Chí
   * Minh City). 2: thôn, ấp, khóm, bản, khu phố, khu; 1: tổ dân phố, tổ, xóm (the hamlet itself when nothing larger
   * is named, as in the north and in Nghệ An). Among units of the same rank, the first in the address.
   */
  rank: 1 | 2;
  /** Only before a number: "Khu 3" is a hamlet in Phú Thọ, "khu công nghiệp" is not. */
  numberOnly?: boolean;
}

const KINDS: readonly HamletKind[] = [
  { canonical: 'Tổ dân phố', spellings: [['tổ', 'dân', 'phố'], ['tdp'], ['tổ']], rank: 1 },
  { canonical: 'Khu phố', spellings: [['khu', 'phố'], ['kp']], rank: 2 },
  { canonical: 'Thôn', spellings: [['thôn']], rank: 2 },
  { canonical: 'Ấp', spellings: [['ấp']], rank: 2 },
  { canonical: 'Khóm', spellings: [['khóm']], rank: 2 },
  { canonical: 'Bản', spellings: [['bản']], rank: 2 },
  { canonical: 'Xóm', spellings: [['xóm']], rank: 1 },
  { canonical: 'Khu', spellings: [['khu']], rank: 2, numberOnly: true },
];

/**
 * Words that end a hamlet's name: the commune, district and province levels (and their abbreviations "TP.",
 * "TT.", "TX.", "P.", "X.", "Q.", "H."), and a street.
 */
const STOP_WORDS = ['xã', 'phường', 'quận', 'huyện', 'tỉnh', 'đường', 'tp', 'tt', 'tx', 'p', 'x', 'q', 'h'];
/** Two-word stops: "thị trấn", "thị xã", "thành phố". */
const STOP_PAIRS: readonly (readonly [string, string])[] = [
  ['thị', 'trấn'],
  ['thị', 'xã'],
  ['thành', 'phố'],
];
/** A word before a kind word that makes it a street's name: "đường Ấp Bắc" is a street, not ấp Bắc. */
const STREET_WORDS = ['đường'];
/** A name longer than this is not a hamlet's name but the rest of an address with no separator. */
const MAX_NAME_WORDS = 5;

interface Token {
  /** NFC, as written. */
  text: string;
  lower: string;
  /** Written without diacritics (plain ASCII): then it matches a word by its folded form. */
  plain: boolean;
  /** A comma, semicolon, bracket, dash or slash stands between this token and the previous one. */
  breakBefore: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const HARD_SEPARATOR = /[,;()[\]|/\\\-–—]/u;
const NUMBER = /^\d+\p{L}?$/u;
/** "TDP5", "KP.3" is handled by the tokenizer; this splits a kind word glued to its number. */
const GLUED_NUMBER = /^(\p{L}+)(\d+\p{L}?)$/u;

function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

function token(text: string, breakBefore: boolean): Token {
  const lower = text.toLowerCase();
  return { text, lower, plain: /^[\x20-\x7e]*$/.test(text), breakBefore };
}

/** A token is the word `word` (lower case, with diacritics) if spelled so in any case, or written plainly without diacritics. */
function isWord(t: Token | undefined, word: string): boolean {
  if (t === undefined) return false;
  return t.lower === word || (t.plain && t.lower === fold(word));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    const between = text.slice(last, match.index);
    last = match.index + match[0].length;
    const breakBefore = tokens.length > 0 && HARD_SEPARATOR.test(between);
    const glued = GLUED_NUMBER.exec(match[0]);
    const head = glued?.[1];
    if (glued !== null && head !== undefined && glued[2] !== undefined && isKindWord(token(head, false))) {
      tokens.push(token(head, breakBefore), token(glued[2], false));
    } else {
      tokens.push(token(match[0], breakBefore));
    }
  }
  return tokens;
}

function isKindWord(t: Token): boolean {
  return KINDS.some((kind) => kind.spellings.some((spelling) => spelling.length === 1 && isWord(t, spelling[0] ?? '')));
}

interface KindMatch {
  kind: HamletKind;
  /** Index of the first token after the kind's words. */
  next: number;
}

/** The kind whose longest spelling starts at token i, if any. */
function kindAt(tokens: readonly Token[], i: number): KindMatch | null {
  let best: KindMatch | null = null;
  for (const kind of KINDS) {
    for (const spelling of kind.spellings) {
      const fits = spelling.every((word, k) => isWord(tokens[i + k], word) && (k === 0 || !tokens[i + k]?.breakBefore));
      if (fits && (best === null || i + spelling.length > best.next)) best = { kind, next: i + spelling.length };
    }
  }
  if (best === null) return null;
  const following = tokens[best.next];
  if (best.kind.numberOnly && !(following !== undefined && !following.breakBefore && NUMBER.test(following.text))) return null;
  return best;
}

function stopsName(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined || t.breakBefore) return true;
  if (STOP_WORDS.some((word) => isWord(t, word))) return true;
  if (STOP_PAIRS.some(([a, b]) => isWord(t, a) && isWord(tokens[i + 1], b) && !tokens[i + 1]?.breakBefore)) return true;
  return kindAt(tokens, i) !== null;
}

const TONE_MARKS = '\u0300\u0301\u0303\u0309\u0323';
const OLD_TONE_OA_OE = new RegExp(`([oO])([aAeE])([${TONE_MARKS}])(?![\\p{L}\\p{M}])`, 'gu');
const OLD_TONE_UY = new RegExp(`(?<![qQ])([uU])([yY])([${TONE_MARKS}])(?![\\p{L}\\p{M}])`, 'gu');

/** "hoà" → "hòa", "thuỷ" → "thủy" (but "quý" stays: its u belongs to qu). */
function modernTone(word: string): string {
  return word.normalize('NFD').replace(OLD_TONE_OA_OE, '$1$3$2').replace(OLD_TONE_UY, '$1$3$2').normalize('NFC');
}

/** One word of a hamlet's name in canonical form: numbers without leading zeros, roman numerals as written, others capitalised. */
function canonicalWord(word: string): string {
  if (NUMBER.test(word)) return word.replace(/^0+(?=\d)/, '').toUpperCase();
  if (/^[IVX]{1,4}$/.test(word)) return word;
  const lower = modernTone(word.toLowerCase());
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

interface HamletMatch {
  name: string;
  rank: number;
}

/** The hamlet named from token i, if a kind word starts there and a name follows it. */
function hamletAt(tokens: readonly Token[], i: number): HamletMatch | null {
  if (tokens[i - 1] !== undefined && !tokens[i]?.breakBefore && STREET_WORDS.some((w) => isWord(tokens[i - 1], w))) return null;
  const match = kindAt(tokens, i);
  if (match === null) return null;
  let j = match.next;
  // "Tổ dân phố số 5": the "số" is not part of the name.
  if (isWord(tokens[j], 'số') && !tokens[j]?.breakBefore && NUMBER.test(tokens[j + 1]?.text ?? '') && !tokens[j + 1]?.breakBefore) j += 1;
  const words: string[] = [];
  for (let k = j; words.length < MAX_NAME_WORDS; k += 1) {
    const t = tokens[k];
    if (t === undefined || stopsName(tokens, k)) break;
    words.push(canonicalWord(t.text));
    if (NUMBER.test(t.text)) break;
  }
  if (words.length === 0) return null;
  return { name: `${match.kind.canonical} ${words.join(' ')}`, rank: match.kind.rank };
}

/**
 * The hamlet an address names, canonical ("Thôn 3", "Tổ dân phố 5", "Ấp Tân Lợi"), or null. When it names several
 * units, the largest (see HamletKind.rank), the first of them on a tie.
 */
export function hamletFromAddress(address: string): string | null {
  const tokens = tokenize(normalizeText(address));
  let best: HamletMatch | null = null;
  for (let i = 0; i < tokens.length; i += 1) {
    const found = hamletAt(tokens, i);
    if (found !== null && (best === null || found.rank > best.rank)) best = found;
  }
  return best?.name ?? null;
}

/**
 * The import's hamlet in the canonical spelling when it starts with a kind word ("thôn 3" → "Thôn 3", "TDP 05" →
 * "Tổ dân phố 5"); anything else as written, trimmed and with its spaces collapsed (a bare "3" stays "3").
 */
function canonicalGivenHamlet(given: string): string {
  const tokens = tokenize(given);
  const match = kindAt(tokens, 0);
  if (match === null || tokens[match.next] === undefined) return given;
  let rest = given;
  for (let k = 0; k < match.next; k += 1) {
    const word = tokens[k]?.text ?? '';
    rest = rest.slice(rest.indexOf(word) + word.length);
  }
  rest = rest
    .replace(/^[\s.:#]+/u, '')
    .replace(/^(số|so)\s+(?=\d)/iu, '')
    .replace(WORD, canonicalWord);
  return rest === '' ? given : `${match.kind.canonical} ${rest}`;
}

/** The order's hamlet: the import's, else the one its address names, else OTHER_HAMLET. */
export function hamletOf(order: { hamlet?: string | null; address: string }): string {
  const given = normalizeText(order.hamlet ?? '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (given !== '') return canonicalGivenHamlet(given);
  return hamletFromAddress(order.address) ?? OTHER_HAMLET;
}
