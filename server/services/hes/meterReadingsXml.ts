import { SaxesParser, type SaxesTagPlain } from 'saxes';
import * as z from 'zod/mini';
import { HES_MAX_READINGS, MeterReadingInput, parseCommType } from '../../../src/domain/commissioning/commissioning';
import type { ImportRowError } from '../../../src/domain/workOrder/imports';
import type { LocatedReading } from './readingIngest';

/*
 * Reads the subset of an IEC 61968-9 `MeterReadings` message a head-end exports (issue 17 §2), as a stream:
 *
 *   [RequestMessage/Header/MessageID]
 *   MeterReadings/MeterReading
 *     Meter/Names/name            → the meter's serial
 *     Meter/amrSystem             → the communication type (optional: RF-Mesh, PLC, GPRS/4G, NB-IoT)
 *     Readings (one per register and time)
 *       ReadingType/@ref (or its text) → which register: an 18-field CIM reading type code; only forward active
 *                                       energy (flowDirection 1, measurementKind 12) in Wh (unit 72), field 11
 *                                       (tou) 0 = total, 1 = normal, 2 = peak, 3 = off-peak; the multiplier
 *                                       (field 15, power of ten) scales the value to kWh
 *       timeStamp                   → when it was read
 *       value                       → the register
 *
 * Why this is safe on the thread that answers the API: saxes is a single-pass state machine (work linear in the
 * bytes, nothing kept but the text of the current field), fed chunk by chunk as the body arrives under a byte cap,
 * with a turn of the event loop between slices. It never loads a DTD and expands no entity but the five XML ones
 * and character references; a DOCTYPE is refused outright, and so is any undeclared entity (saxes fails on it).
 * Nesting deeper than MAX_DEPTH and fields longer than MAX_FIELD are refused too.
 */

const MAX_DEPTH = 32;
const MAX_FIELD = 256;

export interface XmlReadings {
  messageId: string | null;
  readings: LocatedReading[];
}

interface Register {
  ref: string;
  timeStamp: string;
  value: string;
}

interface MeterReadingDraft {
  ordinal: number;
  serial: string;
  amrSystem: string;
  registers: Register[];
}

/** The register a CIM reading type names, with its scale to kWh; null for a reading type that is not one of them. */
export function registerOf(ref: string): { register: 'total' | 'normal' | 'peak' | 'offPeak'; scale: number } | null {
  const fields = ref.trim().split('.');
  if (fields.length !== 18) return null;
  const n = fields.map((f) => Number(f));
  if (n.some((v) => !Number.isInteger(v))) return null;
  const [, , , , flowDirection, , measurementKind, , , , , tou, , , , multiplier, unit] = n;
  if (flowDirection !== 1 || measurementKind !== 12 || unit !== 72 || multiplier === undefined) return null;
  const register = tou === 0 ? 'total' : tou === 1 ? 'normal' : tou === 2 ? 'peak' : tou === 3 ? 'offPeak' : null;
  if (register === null) return null;
  return { register, scale: 10 ** (multiplier - 3) };
}

class XmlRefused extends Error {}

/** Element name without its namespace prefix (61968-9 messages come with and without prefixes). */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** Turns one MeterReading into readings (one per time stamp) or row errors. */
function toReadings(draft: MeterReadingDraft, errors: ImportRowError[]): LocatedReading[] {
  const line = draft.ordinal;
  const serial = draft.serial.trim();
  if (serial === '') {
    errors.push({ line, column: 'Meter/Names/name', code: 'required', message: `MeterReading ${line} has no Meter/Names/name (the serial).` });
    return [];
  }
  let commType: string | undefined;
  if (draft.amrSystem.trim() !== '') {
    const parsed = parseCommType(draft.amrSystem.trim());
    if (parsed === null) {
      errors.push({
        line,
        column: 'Meter/amrSystem',
        code: 'invalid_comm_type',
        message: `"${draft.amrSystem.trim()}" is not a communication type.`,
        params: { value: draft.amrSystem.trim() },
      });
      return [];
    }
    commType = parsed;
  }
  const byTime = new Map<string, Record<string, number>>();
  for (const r of draft.registers) {
    const kind = registerOf(r.ref);
    if (kind === null) continue;
    const value = Number(r.value.trim());
    if (r.value.trim() === '' || !Number.isFinite(value)) {
      errors.push({
        line,
        column: 'Readings/value',
        code: 'invalid_number',
        message: `"${r.value.trim()}" is not a number.`,
        params: { value: r.value.trim() },
      });
      continue;
    }
    const time = r.timeStamp.trim();
    const entry = byTime.get(time) ?? {};
    entry[kind.register] = Math.round(value * kind.scale * 1000) / 1000;
    byTime.set(time, entry);
  }
  const out: LocatedReading[] = [];
  for (const [readAt, registers] of byTime) {
    const parsed = z.safeParse(MeterReadingInput, { serial, readAt, ...registers, ...(commType === undefined ? {} : { commType }) });
    if (parsed.success) {
      out.push({ line, reading: parsed.data });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? '');
      const column = field === 'serial' ? 'Meter/Names/name' : field === 'readAt' ? 'Readings/timeStamp' : 'Readings/value';
      const code =
        field === 'serial'
          ? 'invalid_serial'
          : field === 'readAt'
            ? 'invalid_date'
            : field === 'total' && registers.total === undefined
              ? 'required'
              : 'out_of_range';
      errors.push({
        line,
        column,
        code,
        message: `MeterReading ${line} (${serial}): ${field} ${issue.message}.`,
        params: { value: field === 'serial' ? serial : readAt },
      });
    }
  }
  return out;
}

/**
 * Parses the message from its body chunks. Answers the readings, or row errors (`line` = the MeterReading's position,
 * 1-based; a message that is not well-formed or not a MeterReadings message is one `invalid_xml` error at line 1).
 * Throws what the body stream throws (the caller's byte cap).
 */
export async function readMeterReadingsXml(
  body: AsyncIterable<Uint8Array>,
  maxErrors = 100,
): Promise<{ ok: true; value: XmlReadings } | { ok: false; errors: ImportRowError[] }> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const errors: ImportRowError[] = [];
  const readings: LocatedReading[] = [];
  const path: string[] = [];
  let messageId: string | null = null;
  /** Set from the parser's callbacks (an object, so the checks after parsing read what they set). */
  const seen = { meterReadings: false };
  let draft: MeterReadingDraft | null = null;
  let register: Register | null = null;
  let text = '';
  let ordinal = 0;

  const refuse = (message: string): never => {
    throw new XmlRefused(message);
  };
  parser.on('doctype', () => refuse('A DOCTYPE is not accepted: send the message without a DTD or entity declarations.'));
  parser.on('xmldecl', (decl) => {
    if (decl.encoding !== undefined && decl.encoding.toLowerCase().replace('-', '') !== 'utf8')
      refuse(`Encoding ${decl.encoding} is not accepted: send UTF-8.`);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    path.push(name);
    if (path.length > MAX_DEPTH) refuse(`Elements are nested more than ${MAX_DEPTH} deep.`);
    text = '';
    if (name === 'MeterReadings') seen.meterReadings = true;
    if (name === 'MeterReading' && path.at(-2) === 'MeterReadings') {
      ordinal += 1;
      if (ordinal > HES_MAX_READINGS) refuse(`A message may carry at most ${HES_MAX_READINGS} meter readings.`);
      draft = { ordinal, serial: '', amrSystem: '', registers: [] };
    } else if (draft !== null && name === 'Readings' && path.at(-2) === 'MeterReading') {
      register = { ref: '', timeStamp: '', value: '' };
    } else if (register !== null && name === 'ReadingType') {
      const ref = Object.entries(tag.attributes).find(([key]) => local(key) === 'ref')?.[1];
      if (typeof ref === 'string') register.ref = ref;
    }
  });
  parser.on('text', (chunk) => {
    if (text.length + chunk.length > MAX_FIELD) {
      // Only fields we read are bounded; whitespace and text elsewhere are dropped as they come.
      if (draft !== null || path.at(-1) === 'MessageID') refuse(`A field holds more than ${MAX_FIELD} characters.`);
      return;
    }
    text += chunk;
  });
  parser.on('cdata', (chunk) => {
    if (text.length + chunk.length > MAX_FIELD) refuse(`A field holds more than ${MAX_FIELD} characters.`);
    text += chunk;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    const parent = path.at(-2);
    if (name === 'MessageID' && parent === 'Header') messageId = text.trim();
    if (draft !== null) {
      if (name === 'name' && parent === 'Names' && path.at(-3) === 'Meter') draft.serial = text;
      else if (name === 'amrSystem' && parent === 'Meter') draft.amrSystem = text;
      else if (register !== null && name === 'ReadingType' && register.ref === '') register.ref = text.trim();
      else if (register !== null && name === 'timeStamp' && parent === 'Readings') register.timeStamp = text;
      else if (register !== null && name === 'value' && parent === 'Readings') register.value = text;
      else if (register !== null && name === 'Readings') {
        draft.registers.push(register);
        register = null;
      } else if (name === 'MeterReading') {
        readings.push(...toReadings(draft, errors));
        draft = null;
        if (errors.length >= maxErrors) refuse('too many errors');
      }
    }
    path.pop();
    text = '';
  });

  const decoder = new TextDecoder('utf-8', { fatal: true });
  /** saxes throws a plain Error on what is not well-formed: one invalid_xml error, with saxes's words. */
  const feed = (write: () => void) => {
    try {
      write();
    } catch (error) {
      if (error instanceof XmlRefused) throw error;
      throw new XmlRefused(error instanceof Error ? error.message : String(error));
    }
  };
  try {
    let slices = 0;
    for await (const chunk of body) {
      feed(() => parser.write(decoder.decode(chunk, { stream: true })));
      // Another request gets its turn between slices of a long message.
      if ((slices += 1) % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    feed(() => {
      decoder.decode();
      parser.close();
    });
  } catch (error) {
    if (!(error instanceof XmlRefused)) throw error;
    if (error.message === 'too many errors') return { ok: false, errors };
    return { ok: false, errors: [{ line: 1, code: 'invalid_xml', message: error.message.slice(0, 300) }] };
  }
  if (!seen.meterReadings) return { ok: false, errors: [{ line: 1, code: 'invalid_xml', message: 'This is not a MeterReadings message.' }] };
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { messageId, readings } };
}
