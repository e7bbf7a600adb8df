import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hamletFromAddress, hamletOf } from '../../src/domain/campaign/hamlet';
import { OTHER_HAMLET } from '../../src/domain/campaign/roadmap';

describe('the hamlet an address names', () => {
  it.each([
    // The demo generator's shapes (server/demo/generate.ts): rural thôn / ấp, urban tổ dân phố / khóm.
    ['Thôn 3, xã Phú Mỹ', 'Thôn 3'],
    ['Thôn 12, xã Hoằng Hóa', 'Thôn 12'],
    ['Ấp 7, xã Đầm Dơi', 'Ấp 7'],
    ['Tổ dân phố 4, phường Hạc Thành', 'Tổ dân phố 4'],
    ['Khóm 9, phường Tân Thành', 'Khóm 9'],
    // Named hamlets, after a house number, and the other kinds.
    ['123 ấp Tân Lợi, xã Tân Thành', 'Ấp Tân Lợi'],
    ['Số 8 thôn Đông Sơn, xã Hà Trung, tỉnh Thanh Hóa', 'Thôn Đông Sơn'],
    ['Bản Hua Tát, xã Vân Hồ, tỉnh Sơn La', 'Bản Hua Tát'],
    ['Xóm 5, xã Nghi Phú, Nghệ An', 'Xóm 5'],
    ['45/2 Khu phố 3, phường Linh Trung', 'Khu phố 3'],
    ['Khu 3, thị trấn Hùng Sơn', 'Khu 3'],
    ['Ấp Tân Lợi xã Tân Thành', 'Ấp Tân Lợi'],
    ['Thôn Yên Trường thị trấn Thọ Xuân', 'Thôn Yên Trường'],
  ])('%s → %s', (address, hamlet) => {
    expect(hamletFromAddress(address)).toBe(hamlet);
  });

  it('gives one canonical spelling whatever the case, diacritics, abbreviation or leading zeros', () => {
    for (const address of ['Thôn 3, xã Phú Mỹ', 'THÔN 3, XÃ PHÚ MỸ', 'thon 3, xa Phu My', 'thôn 03 xã Phú Mỹ', 'Thôn3, xã Phú Mỹ'])
      expect(hamletFromAddress(address)).toBe('Thôn 3');
    for (const address of ['Tổ dân phố 5, phường 5', 'TDP 5, phường 5', 'tdp.5 phường 5', 'Tổ 5, phường 5', 'to dan pho so 5', 'TỔ DÂN PHỐ SỐ 05'])
      expect(hamletFromAddress(address)).toBe('Tổ dân phố 5');
    expect(hamletFromAddress('KP.2, phường Bình Thọ')).toBe('Khu phố 2');
    expect(hamletFromAddress('ấp tân lợi, xã tân thành')).toBe('Ấp Tân Lợi');
    expect(hamletFromAddress('ẤP TÂN LỢI')).toBe('Ấp Tân Lợi');
  });

  it('reads decomposed Unicode and the old tone placement as the same hamlet', () => {
    expect(hamletFromAddress('Thôn Đông Hòa, xã X'.normalize('NFD'))).toBe('Thôn Đông Hòa');
    expect(hamletFromAddress('Thôn Đông Hoà, xã X')).toBe('Thôn Đông Hòa');
    expect(hamletFromAddress('Ấp Phú Thuỷ')).toBe('Ấp Phú Thủy');
    // The u of "qu" carries no tone: "Quý" is already in the 1997 spelling.
    expect(hamletFromAddress('Ấp Phú Quý')).toBe('Ấp Phú Quý');
  });

  it('takes the largest unit when the address names several, the first on a tie', () => {
    // A tổ inside a khóm (Cà Mau), a xóm inside a thôn, a tổ inside a khu phố (Hồ Chí Minh City).
    expect(hamletFromAddress('Tổ 5, khóm 2, phường 5')).toBe('Khóm 2');
    expect(hamletFromAddress('Xóm 3, thôn Đông, xã Hà Lĩnh')).toBe('Thôn Đông');
    expect(hamletFromAddress('12 Tổ 7, khu phố 2, phường Tân Phong')).toBe('Khu phố 2');
    expect(hamletFromAddress('Thôn 1, ấp 2')).toBe('Thôn 1');
  });

  it('finds none in a street address, a street named after a hamlet, or a kind word without a name', () => {
    expect(hamletFromAddress('Số 45 đường Lê Lợi, phường Hạc Thành')).toBeNull();
    expect(hamletFromAddress('Số 12 đường Ấp Bắc, phường 5, Mỹ Tho')).toBeNull();
    expect(hamletFromAddress('Khu công nghiệp Lễ Môn, phường Quảng Hưng')).toBeNull();
    expect(hamletFromAddress('Thôn, xã Phú Mỹ')).toBeNull();
    expect(hamletFromAddress('Thôn xã Phú Mỹ')).toBeNull();
    expect(hamletFromAddress('')).toBeNull();
  });

  it('stops the name at the commune, a separator or five words', () => {
    expect(hamletFromAddress('Ấp Tân Lợi - xã Tân Thành')).toBe('Ấp Tân Lợi');
    expect(hamletFromAddress('Ấp Tân Lợi (cũ), xã Tân Thành')).toBe('Ấp Tân Lợi');
    expect(hamletFromAddress('Thôn Một Hai Ba Bốn Năm Sáu Bảy')).toBe('Thôn Một Hai Ba Bốn Năm');
    expect(hamletFromAddress('Ấp Tân Lợi P.5 TP. Cà Mau')).toBe('Ấp Tân Lợi');
    expect(hamletFromAddress('Thôn Đông Sơn X.Hà Lĩnh H.Hà Trung')).toBe('Thôn Đông Sơn');
  });

  it('never throws, and what it finds is one of the kinds followed by a name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (address) => {
        const hamlet = hamletFromAddress(address);
        if (hamlet !== null) expect(hamlet).toMatch(/^(Thôn|Ấp|Khóm|Bản|Xóm|Khu phố|Khu|Tổ dân phố) \S/u);
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});

describe('the hamlet of an order', () => {
  it("takes the import's hamlet, spaces collapsed and its kind word canonical", () => {
    expect(hamletOf({ hamlet: '  thôn   3 ', address: 'Thôn 4, xã X' })).toBe('Thôn 3');
    expect(hamletOf({ hamlet: 'TDP 05', address: '' })).toBe('Tổ dân phố 5');
    expect(hamletOf({ hamlet: 'ấp tân lợi', address: '' })).toBe('Ấp Tân Lợi');
    expect(hamletOf({ hamlet: 'KP. 3', address: '' })).toBe('Khu phố 3');
  });

  it('keeps an import hamlet without a kind word as written', () => {
    expect(hamletOf({ hamlet: '3', address: 'Thôn 4, xã X' })).toBe('3');
    expect(hamletOf({ hamlet: 'Đồng  Tâm', address: '' })).toBe('Đồng Tâm');
  });

  it('falls back to the address, then to the other hamlet', () => {
    expect(hamletOf({ hamlet: null, address: 'Khóm 2, phường 5' })).toBe('Khóm 2');
    expect(hamletOf({ hamlet: '   ', address: 'Ấp 3, xã Đầm Dơi' })).toBe('Ấp 3');
    expect(hamletOf({ address: 'Số 12 đường Trần Phú, phường Hạc Thành' })).toBe(OTHER_HAMLET);
  });

  it('groups an imported hamlet with the same hamlet read from an address', () => {
    expect(hamletOf({ hamlet: 'THÔN ĐÔNG HOÀ', address: '' })).toBe(hamletOf({ address: 'Thôn Đông Hòa, xã Hà Lĩnh' }));
  });
});
