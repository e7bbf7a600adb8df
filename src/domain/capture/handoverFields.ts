import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';

/**
 * Fields of the handover record ("Biên bản treo tháo công tơ", domain.md) that `swap.complete` carries as
 * optional members: devices that predate them send payloads without them, and those stay valid.
 */

/** vị trí lắp đặt: trong nhà / ngoài nhà / trên cột. */
export const INSTALL_POSITIONS = ['indoor', 'outdoor', 'pole'] as const;
export const InstallPosition = z.enum(INSTALL_POSITIONS);
export type InstallPosition = z.infer<typeof InstallPosition>;

/** đo xa: how the installed meter is read remotely. */
export const REMOTE_READ_TYPES = ['rf_mesh', 'plc', 'gprs_4g', 'nb_iot'] as const;
export const RemoteReadType = z.enum(REMOTE_READ_TYPES);
export type RemoteReadType = z.infer<typeof RemoteReadType>;

/** Where a seal sits: terminal cover (nắp chụp cọc đấu dây), meter box (hòm công tơ), verification (kiểm định). */
export const SEAL_KINDS = ['terminal_cover', 'box', 'verification'] as const;
export const SealKind = z.enum(SEAL_KINDS);
export type SealKind = z.infer<typeof SealKind>;

/** Instrument transformers of 3-phase indirect metering: TI (current), TU (voltage). */
export const TRANSFORMER_KINDS = ['ti', 'tu'] as const;
export const TransformerKind = z.enum(TRANSFORMER_KINDS);
export type TransformerKind = z.infer<typeof TransformerKind>;

/** Oldest manufacture year accepted for an installed meter. */
export const MANUFACTURE_YEAR_MIN = 1990;
/** A verification (kiểm định) older than this many years is worth a second look. */
export const VERIFICATION_MAX_AGE_YEARS = 10;
export const POLE_BOX_MAX = 40;
export const SEALER_NAME_MAX = 120;
export const TRANSFORMER_SERIAL_MAX = 30;
export const ACCURACY_CLASS_MAX = 10;
/** At most this many TI/TU rows (3 TI + 3 TU). */
export const MAX_TRANSFORMERS = 6;
/** Seal codes kept for the removed meter. */
export const MAX_REMOVED_SEAL_CODES = 10;
export const SEAL_CODE_MAX = 40;

/** "200/5", "100/5", "22000/110": primary over secondary, both positive. */
export const TRANSFORMER_RATIO_PATTERN = /^[1-9]\d{0,5}(?:[.,]\d+)?\/[1-9]\d{0,5}(?:[.,]\d+)?$/;
/** "0.5", "0,5", "0.2S", "1". */
export const ACCURACY_CLASS_PATTERN = /^\d{1,2}(?:[.,]\d{1,2})?S?$/i;

export const Transformer = z.strictObject({
  kind: TransformerKind,
  serial: z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(TRANSFORMER_SERIAL_MAX)),
  ratio: z.string().check(...WIRE_TEXT, z.trim(), z.regex(TRANSFORMER_RATIO_PATTERN)),
  accuracyClass: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.regex(ACCURACY_CLASS_PATTERN))),
});
export type Transformer = z.infer<typeof Transformer>;

/** ISO day `yyyy-MM-dd` that exists on the calendar. */
export const IsoDay = z.iso.date();

/**
 * The remote-read type a meter model implies, when its name says it ("…-RF", "PLC", "4G", "NB-IoT"); null
 * means the technician is asked. Names as printed on EVN's meters (e.g. "DDS26D-RF", "VSE11-PLC").
 */
export function remoteReadFromModel(model: string): RemoteReadType | null {
  const name = model.toUpperCase();
  if (/NB[-\s]?IOT|(^|[^A-Z])NB($|[^A-Z])/.test(name)) return 'nb_iot';
  if (/4G|GPRS|LTE|3G/.test(name)) return 'gprs_4g';
  if (/PLC/.test(name)) return 'plc';
  if (/RF/.test(name)) return 'rf_mesh';
  return null;
}
