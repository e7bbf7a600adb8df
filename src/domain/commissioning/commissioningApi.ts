import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { IsoDate } from '../workOrder/workOrder';
import { ImportQuery } from '../workOrder/imports';
import { CommType, HesIngestResult } from './commissioning';

const Instant = z.iso.datetime({ offset: true });

/** The one endpoint an API token opens (issue 17): the head-end's readings. */
export const API_TOKEN_SCOPES = ['hes.readings'] as const;
export const ApiTokenScope = z.enum(API_TOKEN_SCOPES);

/** A token is `hes_` and 43 characters of base64url (32 random bytes); only its SHA-256 is stored. */
export const API_TOKEN_PATTERN = /^hes_[A-Za-z0-9_-]{43}$/;

export const CreateApiTokenRequest = z.strictObject({
  name: z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(80)),
});
export type CreateApiTokenRequest = z.infer<typeof CreateApiTokenRequest>;

export const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  scope: ApiTokenScope,
  createdAt: Instant,
  createdByName: z.nullable(z.string()),
  lastUsedAt: z.nullable(Instant),
  revokedAt: z.nullable(Instant),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

/** The answer of creating a token: the only time the token itself is shown. */
export const ApiTokenCreated = z.extend(ApiTokenView, { token: z.string().check(z.regex(API_TOKEN_PATTERN)) });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;

export const ApiTokenList = z.object({ tokens: z.array(ApiTokenView) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

/** Query of `POST /hes/meter-readings/import`: a dry run, and an admin's team (absent: every team's meters). */
export const HesImportQuery = z.extend(ImportQuery, { teamId: z.optional(z.uuid()) });

/** The answer of the head-end endpoint and of the file import. */
export const HesImportResponse = z.extend(HesIngestResult, {
  /** Readings of meters another team installed (a supervisor's file): not applied. */
  skipped: z.number(),
});
export type HesImportResponse = z.infer<typeof HesImportResponse>;

/** A reading of a serial installed nowhere ("đo xa thấy công tơ chưa có biên bản"). */
export const UnmatchedReading = z.object({
  serial: z.string(),
  readAt: Instant,
  total: z.number(),
  commType: z.nullable(CommType),
  receivedAt: Instant,
});
export const UnmatchedReadingList = z.object({ total: z.number(), readings: z.array(UnmatchedReading) });
export type UnmatchedReadingList = z.infer<typeof UnmatchedReadingList>;

export const COMMISSIONING_GROUPS = ['commune', 'technician', 'commType'] as const;
export const CommissioningGroupBy = z.enum(COMMISSIONING_GROUPS);
export type CommissioningGroupBy = z.infer<typeof CommissioningGroupBy>;

/** Query of the commissioning report: installs in [from, to] (days in Vietnam), grouped. */
export const CommissioningReportQuery = z.object({
  groupBy: z._default(CommissioningGroupBy, 'commune'),
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
  /** Admins only: one team (a supervisor always sees their own). */
  teamId: z.optional(z.uuid()),
});
export type CommissioningReportQuery = z.infer<typeof CommissioningReportQuery>;

export const CommissioningReportRow = z.object({
  /** The commune, the technician's name or the communication type ('unknown' when the record names none). */
  key: z.string(),
  label: z.string(),
  installed: z.number(),
  within24h: z.number(),
  within48h: z.number(),
  confirmed: z.number(),
  mismatched: z.number(),
  overdue: z.number(),
  awaiting: z.number(),
  /** Median hours from the install to the first reading (confirmed or mismatched), or null. */
  medianHoursToFirstRead: z.nullable(z.number()),
});
export type CommissioningReportRow = z.infer<typeof CommissioningReportRow>;

export const CommissioningReport = z.object({
  groupBy: CommissioningGroupBy,
  rows: z.array(CommissioningReportRow),
  totals: CommissioningReportRow,
  /** Readings of serials installed nowhere, all teams. */
  unmatched: z.number(),
});
export type CommissioningReport = z.infer<typeof CommissioningReport>;
