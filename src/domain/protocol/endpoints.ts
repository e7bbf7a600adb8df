import * as z from 'zod/mini';
import { AssignRequest, AssignResponse, TechnicianList, TechnicianListQuery } from '../workOrder/assignments';
import { AuditLogPage, AuditLogQuery } from '../console/auditLog';
import { Health, LoginRequest, Me, ROLES, type Role } from '../users/auth';
import type { ErrorCode } from './errors';
import { WireText } from './wireText';
import { PhotoId } from '../capture/identifiers';
import { ImportQuery, ImportResponse } from '../workOrder/imports';
import { MapConfig } from '../map/mapConfig';
import { PushRequest, PushResponse } from './mutations';
import { PHOTO_BATCH_CONTENT_TYPE, PhotoBatchResponse, PhotoUploadResponse } from '../capture/photos';
import { CashlessQuery, CashlessReport, PaymentMethodImportQuery, PaymentMethodImportResponse } from '../console/cashless';
import { ExportQuery, ExportSummary, ProgressRangeQuery, ProgressReport, SyncBacklogQuery, SyncBacklogReport } from '../console/reports';
import {
  DecideRecordParams,
  DecideRecordRequest,
  DecideRecordResponse,
  ResolveReviewRequest,
  ResolveReviewResponse,
  ReviewQueue,
  ReviewQueueQuery,
  ReviewRecordPage,
  ReviewRecordQuery,
} from '../console/reviews';
import { PullQuery, PullResponse } from './sync';
import {
  StockImportQuery,
  StockImportResponse,
  StockItemPage,
  StockItemsQuery,
  StockMoveRequest,
  StockMoveResponse,
  StockSummary,
  StockSummaryQuery,
} from '../stock/stock';
import { Reconciliation, ReconciliationQuery } from '../stock/reconciliation';
import { TeamLetterSettings, TeamSettingsView } from '../campaign/letter';
import { AnnouncementQuery } from '../campaign/announcement';
import { CustomerCopyIssued } from '../campaign/customerCopy';
import {
  NoticeCsvQuery,
  NoticeOptOut,
  NoticeOptOutParams,
  NoticeOptOutQuery,
  NoticeOptOutRequest,
  NoticeOverview,
  NoticeOverviewQuery,
  NoticeReceiptResult,
} from '../campaign/notices';
import { PublicCommune } from '../campaign/publicPage';
import {
  ApiTokenCreated,
  ApiTokenList,
  CommissioningReport,
  CommissioningReportQuery,
  CreateApiTokenRequest,
  HesImportQuery,
  HesImportResponse,
  UnmatchedReadingList,
} from '../commissioning/commissioningApi';
import { Roadmap, RoadmapCommuneList, RoadmapConfirmRequest, RoadmapProposal, RoadmapProposalRequest, RoadmapQuery } from '../campaign/roadmap';
import { CreateUserRequest, TeamList, UpdateUserRequest, UserList, UserView } from '../users/users';
import { WorkOrderDetail } from '../workOrder/workOrderDetail';
import { BBox, WorkOrderFilter, WorkOrderListQuery, WorkOrderListResponse, WorkOrderMapPoints } from '../workOrder/workOrderQuery';

/**
 * Every HTTP endpoint of API v1 in one list (design §5, §8, §9): the server builds each route from its entry
 * (`route(api, name, handler)` in server/http/route.ts: method, path, roles, schemas), the OpenAPI document
 * (server/openapi) is generated from it, and the PWA's typed client (src/sync/endpoints.ts) calls by its names.
 * An entry without a handler stops the server from starting (requireEveryEndpointRouted).
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a successful answer carries. */
export type ResponseKind = 'json' | 'csv' | 'text' | 'pdf' | 'docx' | 'image' | 'empty';

/** The content type of kind `docx` (an Office Open XML word-processing document). */
export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface EndpointDef {
  method: HttpMethod;
  /** Relative to `/api/v1`, Express style (`/reviews/:id/resolve`). */
  path: string;
  /** `public` needs no session; otherwise the roles allowed (others get 403 FORBIDDEN). */
  roles: 'public' | readonly Role[];
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodMiniObject;
  query?: z.core.$ZodType;
  /** A JSON body, parsed with this schema. */
  body?: z.core.$ZodType;
  /** A raw (non-JSON) body: its accepted content types. */
  rawBody?: { contentTypes: readonly string[]; description: string };
  /** Success statuses; the first is the usual one. */
  ok: readonly number[];
  kind: ResponseKind;
  /** The JSON answer (kind `json`). */
  response?: z.core.$ZodType;
  /** Error codes this endpoint answers beyond the ones every endpoint of its kind can (see `errorCodesOf`). */
  errors?: readonly ErrorCode[];
}

const MANAGERS = ['supervisor', 'admin'] as const;
const ADMIN = ['admin'] as const;
const Id = z.object({ id: z.uuid() });
const PhotoParams = z.object({ photoId: PhotoId });

/** Query of `POST /work-orders/import`: an admin names the team the orders go to. */
export const ImportParams = z.extend(ImportQuery, { teamId: z.optional(z.uuid()) });
/** Query of `GET /work-orders/map`: the list's filters, no paging. */
export const MapQuery = z.extend(WorkOrderFilter, { bbox: z.optional(BBox), q: WorkOrderListQuery.shape.q });

export const ENDPOINTS = {
  health: {
    method: 'GET',
    path: '/health',
    roles: 'public',
    tag: 'system',
    summary: 'Liveness and database readiness',
    ok: [200],
    kind: 'json',
    response: Health,
  },
  openapi: { method: 'GET', path: '/openapi.json', roles: 'public', tag: 'system', summary: 'This OpenAPI 3.1 document', ok: [200], kind: 'json' },
  'auth.login': {
    method: 'POST',
    path: '/auth/login',
    roles: 'public',
    tag: 'auth',
    summary: 'Sign in: sets the HttpOnly session cookie `sid`',
    description:
      'Also sets `login_device` (HttpOnly, SameSite=Strict, sent to this path only, 365 days): a browser that carries it for the same user is rate limited on its own, not with strangers guessing that username. Limits: 5 failed attempts per username, 30 per address, 5 per device, per 15 minutes; attempts still being checked count too.',
    body: LoginRequest,
    ok: [200],
    kind: 'json',
    response: Me,
    errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
  },
  'auth.logout': {
    method: 'POST',
    path: '/auth/logout',
    roles: ROLES,
    tag: 'auth',
    summary: 'Sign out: ends the session and clears the cookie',
    ok: [204],
    kind: 'empty',
  },
  'auth.me': { method: 'GET', path: '/auth/me', roles: ROLES, tag: 'auth', summary: 'The signed-in user', ok: [200], kind: 'json', response: Me },
  'sync.pull': {
    method: 'GET',
    path: '/sync/pull',
    roles: ROLES,
    tag: 'sync',
    summary: 'Changes for the caller since `cursor` (design §5)',
    description:
      'Send `protocolVersion` (absent is taken as 1). A version the server does not speak is 426 `CLIENT_OUTDATED` with `supported: {min, max}`, checked before the rest of the query. ' +
      'The feed keeps the latest change per entity: upserts carry the entity as it is now, revokes say the caller lost it. ' +
      'Without `cursor`, or with one the server cannot continue from (it does not decode, names another user or database, or is older than the compaction horizon: a device silent for `PULL_REVOKE_DAYS`), the answer is a full pull: ' +
      '`reset: true` on its first page (clear the server data you hold, never your unsent work), then what the caller owns now, without the revokes of what it lost before; a revoke committed during the pull comes in a later page. ' +
      'The cursor is opaque and may change on a pull that brings nothing: keep the latest. Pull until `hasMore` is false. ' +
      '`stock=1` adds the `stockItem` changes of the new meters and seals the caller holds; `stock=2` also the removed meters they must bring back (kind `removed`, with `label` and `workOrderId`).',
    query: PullQuery,
    ok: [200],
    kind: 'json',
    response: PullResponse,
    errors: ['CLIENT_OUTDATED', 'CLIENT_USER_MISMATCH'],
  },
  'sync.push': {
    method: 'POST',
    path: '/sync/push',
    roles: ROLES,
    tag: 'sync',
    summary: 'Send outbox mutations in seq order (design §5)',
    description:
      'At most 50 mutations or 256 KB. A `protocolVersion` the server does not speak is 426 `CLIENT_OUTDATED` with `supported: {min, max}`, checked before the rest of the body. `args` of each mutation follow its schema under components.schemas (`SwapCompleteArgs`, `VisitFailArgs`, …: the name in PascalCase + `Args`).',
    body: PushRequest,
    ok: [200],
    kind: 'json',
    response: PushResponse,
    errors: ['CLIENT_OUTDATED', 'CLIENT_USER_MISMATCH', 'SYNC_OUT_OF_ORDER', 'IDEMPOTENCY_KEY_REUSED'],
  },
  'photos.put': {
    method: 'PUT',
    path: '/photos/:photoId',
    roles: ['technician'],
    tag: 'photos',
    summary: 'Upload a photo or signature by its SHA-256 (201 new, 200 already stored)',
    params: PhotoParams,
    rawBody: { contentTypes: ['image/jpeg', 'image/png', 'image/webp'], description: 'The image bytes, at most 5 MiB.' },
    ok: [201, 200],
    kind: 'json',
    response: PhotoUploadResponse,
    errors: ['PHOTO_DIGEST_MISMATCH', 'PHOTO_UNREADABLE', 'RATE_LIMITED'],
  },
  'photos.batch': {
    method: 'POST',
    path: '/photos',
    roles: ['technician'],
    tag: 'photos',
    summary: 'Upload several photos in one request (each as a PUT would, their rows committed together)',
    description:
      'The body: one line of JSON, the manifest `{"photos":[{"id","type","bytes"}]}` (1–16 photos, each at most 5 MiB, 16 MiB in all; `type` as the PUT\'s Content-Type), a newline, then each photo\'s bytes in the manifest\'s order. ' +
      'Each photo is checked, hashed and made durable as with `PUT /photos/{photoId}`; the rows of the photos that arrived whole are committed together once the body ends, also when it is cut mid-batch (ask with HEAD; a server killed mid-batch keeps none of them). ' +
      "The answer comes after every photo's commit: per photo, in order, `created`, `stored` (already there) or `refused` with the code a PUT would answer (`PHOTO_DIGEST_MISMATCH`, `PHOTO_UNREADABLE`, `PAYLOAD_TOO_LARGE`, `UNSUPPORTED_MEDIA_TYPE`). " +
      'A manifest that does not parse, or a body shorter or longer than it declares, is 400 `VALIDATION_FAILED`. A server without this route answers 404: send the photos one by one with PUT.',
    rawBody: { contentTypes: [PHOTO_BATCH_CONTENT_TYPE], description: "The manifest line, then the photos' bytes back to back." },
    ok: [200],
    kind: 'json',
    response: PhotoBatchResponse,
    errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
  },
  'photos.head': {
    method: 'HEAD',
    path: '/photos/:photoId',
    roles: ROLES,
    tag: 'photos',
    summary: 'Whether the photo is stored (200) or not (404)',
    params: PhotoParams,
    ok: [200],
    kind: 'empty',
    errors: ['NOT_FOUND'],
  },
  'photos.get': {
    method: 'GET',
    path: '/photos/:photoId',
    roles: ROLES,
    tag: 'photos',
    summary: "The image, for anyone allowed to see a work order that references it (a stock void's: its team's supervisors)",
    params: PhotoParams,
    ok: [200],
    kind: 'image',
    errors: ['NOT_FOUND'],
  },
  'workOrders.list': {
    method: 'GET',
    path: '/work-orders',
    roles: MANAGERS,
    tag: 'work orders',
    summary: "One page of work orders of the caller's scope; `status` is a comma list, `bbox` is `minLng,minLat,maxLng,maxLat`",
    query: WorkOrderListQuery,
    ok: [200],
    kind: 'json',
    response: WorkOrderListResponse,
  },
  'workOrders.map': {
    method: 'GET',
    path: '/work-orders/map',
    roles: MANAGERS,
    tag: 'work orders',
    summary: 'Every matching work order as columns (map markers)',
    query: MapQuery,
    ok: [200],
    kind: 'json',
    response: WorkOrderMapPoints,
  },
  'workOrders.import': {
    method: 'POST',
    path: '/work-orders/import',
    roles: MANAGERS,
    tag: 'work orders',
    summary: 'Import a CMIS CSV file (all or nothing); `dryRun=1` checks without writing',
    query: ImportParams,
    rawBody: { contentTypes: ['text/csv'], description: 'The CSV file (UTF-8, with or without BOM; `,` or `;`), at most 50 MiB.' },
    ok: [200],
    kind: 'json',
    response: ImportResponse,
    errors: ['IMPORT_INVALID', 'IMPORT_ABORTED'],
  },
  'workOrders.get': {
    method: 'GET',
    path: '/work-orders/:id',
    roles: ROLES,
    tag: 'work orders',
    summary: 'One work order with its completions, visits, assignments and reviews',
    params: Id,
    ok: [200],
    kind: 'json',
    response: WorkOrderDetail,
    errors: ['NOT_FOUND'],
  },
  'users.list': { method: 'GET', path: '/users', roles: ADMIN, tag: 'users', summary: 'Every account', ok: [200], kind: 'json', response: UserList },
  'users.create': {
    method: 'POST',
    path: '/users',
    roles: ADMIN,
    tag: 'users',
    summary: 'Create an account',
    body: CreateUserRequest,
    ok: [201],
    kind: 'json',
    response: UserView,
  },
  'users.update': {
    method: 'PATCH',
    path: '/users/:id',
    roles: ADMIN,
    tag: 'users',
    summary: 'Change an account; deactivating or a new password ends its sessions',
    params: Id,
    body: UpdateUserRequest,
    ok: [200],
    kind: 'json',
    response: UserView,
    errors: ['NOT_FOUND'],
  },
  'users.endSessions': {
    method: 'DELETE',
    path: '/users/:id/sessions',
    roles: ADMIN,
    tag: 'users',
    summary: 'Sign the user out everywhere (a lost or stolen phone): every session ends now',
    params: Id,
    ok: [204],
    kind: 'empty',
    errors: ['NOT_FOUND'],
  },
  'teams.list': {
    method: 'GET',
    path: '/teams',
    roles: MANAGERS,
    tag: 'users',
    summary: 'Teams (a supervisor sees their own)',
    ok: [200],
    kind: 'json',
    response: TeamList,
  },
  'assignments.create': {
    method: 'POST',
    path: '/assignments',
    roles: MANAGERS,
    tag: 'work orders',
    summary: 'Assign work orders to a technician; the previous assignee gets a revoke',
    body: AssignRequest,
    ok: [200],
    kind: 'json',
    response: AssignResponse,
    errors: ['NOT_FOUND'],
  },
  'technicians.list': {
    method: 'GET',
    path: '/technicians',
    roles: MANAGERS,
    tag: 'users',
    summary: "Technicians of the caller's team (all for an admin)",
    description: 'With `date`, each technician carries `load`: the work orders assigned to them planned that day (not cancelled).',
    query: TechnicianListQuery,
    ok: [200],
    kind: 'json',
    response: TechnicianList,
  },
  'mapConfig.get': {
    method: 'GET',
    path: '/map/config',
    roles: ROLES,
    tag: 'system',
    summary: 'Where map tiles come from and whether they may be bulk-downloaded',
    ok: [200],
    kind: 'json',
    response: MapConfig,
  },
  'reviews.list': {
    method: 'GET',
    path: '/reviews',
    roles: MANAGERS,
    tag: 'reviews',
    summary: 'The review queue (đối soát), newest first',
    query: ReviewQueueQuery,
    ok: [200],
    kind: 'json',
    response: ReviewQueue,
  },
  'reviews.resolve': {
    method: 'POST',
    path: '/reviews/:id/resolve',
    roles: MANAGERS,
    tag: 'reviews',
    summary: 'Approve, or return with a note saying what to fix',
    params: Id,
    body: ResolveReviewRequest,
    ok: [200],
    kind: 'json',
    response: ResolveReviewResponse,
    errors: ['NOT_FOUND', 'REVIEW_CLOSED'],
  },
  'reviews.records': {
    method: 'GET',
    path: '/reviews/records',
    roles: MANAGERS,
    tag: 'reviews',
    summary: 'The review queue by record: one entry per work order waiting for a decision, its flags inside',
    query: ReviewRecordQuery,
    ok: [200],
    kind: 'json',
    response: ReviewRecordPage,
  },
  'reviews.decideRecord': {
    method: 'POST',
    path: '/reviews/records/:workOrderId/decision',
    roles: MANAGERS,
    tag: 'reviews',
    summary: 'Approve or return a record: settles its open items (its flags acknowledged) in one decision',
    params: DecideRecordParams,
    body: DecideRecordRequest,
    ok: [200],
    kind: 'json',
    response: DecideRecordResponse,
    errors: ['NOT_FOUND', 'REVIEW_CLOSED', 'REVIEW_CHANGED'],
  },
  'roadmaps.communes': {
    method: 'GET',
    path: '/roadmaps/communes',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "The team's communes with their orders' counts and whether a roadmap was confirmed",
    ok: [200],
    kind: 'json',
    response: RoadmapCommuneList,
  },
  'roadmaps.get': {
    method: 'GET',
    path: '/roadmaps',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "A commune's replacement roadmap: its hamlets with counts and planned dates, and the planned days",
    query: RoadmapQuery,
    ok: [200],
    kind: 'json',
    response: Roadmap,
    errors: ['NOT_FOUND'],
  },
  'roadmaps.propose': {
    method: 'POST',
    path: '/roadmaps/proposals',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "Propose dates for a commune's plannable orders, hamlet by hamlet; nothing is written",
    description:
      'Working days from `startDate` (Sundays and Vietnamese public holidays skipped), each chosen technician up to `capacityPerDay` orders a day, hamlets and orders in visiting order.',
    body: RoadmapProposalRequest,
    ok: [200],
    kind: 'json',
    response: RoadmapProposal,
    errors: ['NOT_FOUND', 'ROADMAP_DATE_PAST', 'ROADMAP_STALE'],
  },
  'roadmaps.confirm': {
    method: 'PUT',
    path: '/roadmaps',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "Confirm a commune's roadmap: its days become the orders' planned dates and assignments",
    description:
      "All or nothing. Each listed order gets the day's date, technician and visiting order (the previous assignee gets a revoke); orders left out keep theirs.",
    body: RoadmapConfirmRequest,
    ok: [200],
    kind: 'json',
    response: Roadmap,
    errors: ['NOT_FOUND', 'ROADMAP_DATE_PAST', 'ROADMAP_STALE'],
  },
  'roadmaps.letterPdf': {
    method: 'GET',
    path: '/roadmaps/letter.pdf',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "The letter to the commune's People's Committee announcing its confirmed roadmap, as PDF",
    description:
      "An administrative letter (Nghị định 30/2020/NĐ-CP layout) from the team's settings (`GET /teams/{id}/settings`): the schedule by hamlet, the benefits, what households do, the cashless options and the team's contact. The number is left blank for the clerk; the date is today in Vietnam. Before a roadmap of the commune is confirmed: 409 `ROADMAP_NOT_PLANNED`.",
    query: RoadmapQuery,
    ok: [200],
    kind: 'pdf',
    errors: ['NOT_FOUND', 'ROADMAP_NOT_PLANNED'],
  },
  'roadmaps.letterDocx': {
    method: 'GET',
    path: '/roadmaps/letter.docx',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: 'The same letter as an editable Word document (A4, Times New Roman 13 pt)',
    query: RoadmapQuery,
    ok: [200],
    kind: 'docx',
    errors: ['NOT_FOUND', 'ROADMAP_NOT_PLANNED'],
  },
  'teams.settings.get': {
    method: 'GET',
    path: '/teams/:id/settings',
    roles: MANAGERS,
    tag: 'users',
    summary: "A team's settings for the roadmap letter (letterhead, number suffix, place, contact, signer, cashless options)",
    description: "Defaults drawn from the team's name and province when nothing is saved (`saved: false`). A supervisor reads their own team's only.",
    params: Id,
    ok: [200],
    kind: 'json',
    response: TeamSettingsView,
    errors: ['NOT_FOUND'],
  },
  'teams.settings.update': {
    method: 'PUT',
    path: '/teams/:id/settings',
    roles: ADMIN,
    tag: 'users',
    summary: "Replace a team's settings for the roadmap letter",
    params: Id,
    body: TeamLetterSettings,
    ok: [200],
    kind: 'json',
    response: TeamSettingsView,
    errors: ['NOT_FOUND'],
  },
  'reports.progress': {
    method: 'GET',
    path: '/reports/progress',
    roles: MANAGERS,
    tag: 'reports',
    summary: 'Planned, completed, failed, remaining per commune, technician or day',
    query: ProgressRangeQuery,
    ok: [200],
    kind: 'json',
    response: ProgressReport,
  },
  'reports.syncBacklog': {
    method: 'GET',
    path: '/reports/sync-backlog',
    roles: MANAGERS,
    tag: 'reports',
    summary: "What each technician's devices last reported as not yet sent",
    query: SyncBacklogQuery,
    ok: [200],
    kind: 'json',
    response: SyncBacklogReport,
  },
  'imports.paymentMethods': {
    method: 'POST',
    path: '/payment-methods/import',
    roles: MANAGERS,
    tag: 'reports',
    summary: "Import the billing system's payment method per customer and period (all or nothing); `dryRun=1` checks without writing",
    description:
      'Columns customer_code (MA_KHANG), period (KY_HD: YYYY-MM or MM/YYYY), method (HINH_THUC_TT: cash/TM, bank/NH, ewallet/VDT, app/APP, counter/QT). ' +
      "Rows of customers the team has no work order for are skipped and counted. Each period in the file replaces the team's earlier rows of that period.",
    query: PaymentMethodImportQuery,
    rawBody: { contentTypes: ['text/csv'], description: 'The CSV file (UTF-8, with or without BOM; `,` or `;`), at most 50 MiB.' },
    ok: [200],
    kind: 'json',
    response: PaymentMethodImportResponse,
    errors: ['IMPORT_INVALID', 'IMPORT_ABORTED'],
  },
  'stock.import': {
    method: 'POST',
    path: '/stock/import',
    roles: MANAGERS,
    tag: 'stock',
    summary: "Import the warehouse's delivery list into the team's stock (all or nothing); `dryRun=1` checks without writing",
    description:
      'A row is a meter — serial (SO_CTO), model (LOAI_CTO), phases (SO_PHA), manufacture_year (NAM_SX), verified_on (NGAY_KD), ' +
      'verification_no (SO_TEM_KD), remote_read (DO_XA), lot (SO_LO) — or a range of seals — seal_from (NIEM_TU), seal_to (NIEM_DEN), ' +
      "seal_kind (LOAI_NIEM), lot. Codes are normalised (spaces removed, upper case); a code already in any team's stock, or twice in the " +
      'file, is a row error. A range holds at most 5,000 codes, a file at most 200,000 items.',
    query: StockImportQuery,
    rawBody: { contentTypes: ['text/csv'], description: 'The CSV file (UTF-8, with or without BOM; `,` or `;`), at most 50 MiB.' },
    ok: [200],
    kind: 'json',
    response: StockImportResponse,
    errors: ['IMPORT_INVALID', 'IMPORT_ABORTED'],
  },
  'stock.issue': {
    method: 'POST',
    path: '/stock/issue',
    roles: MANAGERS,
    tag: 'stock',
    summary: "Issue meters and seals from the team's warehouse to one of its technicians (all or nothing)",
    description:
      "Meters by serial (`meters`, scanned or listed) or by range (`meterRanges`); seals by code or range, with the technician's pliers " +
      'number as sealer. Every item must be in the warehouse now; a range holds at most 5,000 codes, a request at most 10,000 items. ' +
      'Each item moved is one movement row (who, what, from, to, when).',
    body: StockMoveRequest,
    ok: [200],
    kind: 'json',
    response: StockMoveResponse,
  },
  'stock.return': {
    method: 'POST',
    path: '/stock/return',
    roles: MANAGERS,
    tag: 'stock',
    summary: "Return meters, seals and removed meters from a technician to the team's warehouse (all or nothing)",
    description:
      'The same lists and ranges as an issue; every item must be with that technician now. `removed` lists the removed (old) meters ' +
      'they bring back, each by its serial or its bag label (normalised like codes); one not with them is `not_held` at `removed.<i>`.',
    body: StockMoveRequest,
    ok: [200],
    kind: 'json',
    response: StockMoveResponse,
  },
  'stock.items': {
    method: 'GET',
    path: '/stock/items',
    roles: ROLES,
    tag: 'stock',
    summary: "Stock items where they are now: a technician's own; a supervisor's team's (all, `holder=warehouse`, or one technician's id)",
    query: StockItemsQuery,
    ok: [200],
    kind: 'json',
    response: StockItemPage,
  },
  'stock.summary': {
    method: 'GET',
    path: '/stock/summary',
    roles: MANAGERS,
    tag: 'stock',
    summary: "How many meters and seals the team's warehouse and each of its technicians hold now",
    query: StockSummaryQuery,
    ok: [200],
    kind: 'json',
    response: StockSummary,
  },
  'stock.reconciliation': {
    method: 'GET',
    path: '/stock/reconciliation',
    roles: MANAGERS,
    tag: 'stock',
    summary: "End-of-day stock reconciliation of a team's technicians for one day (Vietnam time), with the differences flagged",
    description:
      'Per technician: held at the start, issued, returned (new meters, seals, removed meters), installed, seals used, voided, removed ' +
      'meters taken, held at the end, removed meters to return. Flags: `installed_not_issued` (a completion installed a meter or seal ' +
      "whose install movement is missing or did not come from that technician's stock), `void_not_held` (a void of a code the " +
      'technician did not hold), `removed_not_returned` (a removed meter still held more than `returnDays` Vietnam days after its ' +
      'removal), `removed_no_label` (a completion whose removed meter has no bag label). A supervisor sees their own team; an admin ' +
      'names `teamId`.',
    query: ReconciliationQuery,
    ok: [200],
    kind: 'json',
    response: Reconciliation,
  },
  'stock.reconciliationCsv': {
    method: 'GET',
    path: '/stock/reconciliation.csv',
    roles: MANAGERS,
    tag: 'stock',
    summary: 'The reconciliation as CSV (UTF-8 with BOM): one row per technician, an empty line, then the flagged differences with their own header',
    query: ReconciliationQuery,
    ok: [200],
    kind: 'csv',
  },
  'reports.cashless': {
    method: 'GET',
    path: '/reports/cashless',
    roles: MANAGERS,
    tag: 'reports',
    summary: 'Cashless payers claimed (recorded at the swap) and real (billing) before and after the visit, per commune or hamlet',
    query: CashlessQuery,
    ok: [200],
    kind: 'json',
    response: CashlessReport,
  },
  'exports.completionsCsv': {
    method: 'GET',
    path: '/exports/completions.csv',
    roles: MANAGERS,
    tag: 'exports',
    summary: 'Approved swaps for CMIS as CSV (UTF-8 with BOM), by received date',
    query: ExportQuery,
    ok: [200],
    kind: 'csv',
  },
  'exports.completionsSummary': {
    method: 'GET',
    path: '/exports/completions/summary',
    roles: MANAGERS,
    tag: 'exports',
    summary: 'What the CSV of the same period holds (approved swaps) and how many received swaps still wait for approval',
    query: ExportQuery,
    ok: [200],
    kind: 'json',
    response: ExportSummary,
  },
  'completions.customerCopy.issue': {
    method: 'POST',
    path: '/completions/:id/customer-copy',
    roles: MANAGERS,
    tag: 'exports',
    summary: "A new link to the customer's copy of the handover record (/bien-ban/<token>, 90 days); the previous link stops working",
    params: Id,
    ok: [200],
    kind: 'json',
    response: CustomerCopyIssued,
    errors: ['NOT_FOUND'],
  },
  'completions.customerCopy.revoke': {
    method: 'DELETE',
    path: '/completions/:id/customer-copy',
    roles: MANAGERS,
    tag: 'exports',
    summary: "Revoke the link to the customer's copy of the handover record",
    params: Id,
    ok: [204],
    kind: 'empty',
    errors: ['NOT_FOUND'],
  },
  'completions.handoverPdf': {
    method: 'GET',
    path: '/completions/:id/handover.pdf',
    roles: ROLES,
    tag: 'exports',
    summary: 'The handover record (biên bản treo tháo) as PDF',
    params: Id,
    ok: [200],
    kind: 'pdf',
    errors: ['NOT_FOUND'],
  },
  'auditLog.list': {
    method: 'GET',
    path: '/audit-log',
    roles: ADMIN,
    tag: 'users',
    summary: 'Who did what to which record, newest first: paged and filtered by actor, action, record and period',
    query: AuditLogQuery,
    ok: [200],
    kind: 'json',
    response: AuditLogPage,
  },
  'roadmaps.announcement': {
    method: 'GET',
    path: '/roadmaps/announcement.txt',
    roles: MANAGERS,
    tag: 'roadmaps',
    summary: "The loudspeaker announcement of a commune's confirmed roadmap, one text per ISO week, as plain text",
    description:
      'Short sentences to read aloud (numbers, dates and the phone number in words), at most two minutes a week at 130 syllables a minute. Without `week`, every week of the plan one after another, each under a heading line `=== Tuần 2026-W50 (…) ===`.',
    query: AnnouncementQuery,
    ok: [200],
    kind: 'text',
    errors: ['NOT_FOUND', 'ROADMAP_NOT_PLANNED'],
  },
  'public.commune': {
    method: 'GET',
    path: '/public/communes/:slug',
    roles: 'public',
    tag: 'public',
    summary: "A commune's public progress (no sign-in): counts by hamlet, planned weeks, swaps done, cashless enrolments",
    description:
      'The JSON twin of the page `/cong-khai/<slug>`. Counts only, no personal data; a hamlet of fewer than 5 households is counted under `khác`. Cached 5 minutes (`Cache-Control: public, max-age=300`, ETag).',
    params: z.object({ slug: WireText }),
    ok: [200],
    kind: 'json',
    response: PublicCommune,
    errors: ['NOT_FOUND'],
  },
  'notices.receipt': {
    method: 'POST',
    path: '/notices/receipts',
    roles: 'public',
    tag: 'notices',
    summary: "The notice gateway's delivery receipt (signed like the webhook)",
    description:
      'Body `{messageId, status: "delivered"|"failed", at, reason?}` as JSON, signed with `X-Notify-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` ' +
      'under NOTIFY_WEBHOOK_SECRET; a signature more than 5 minutes from the server clock is refused. Idempotent: the same receipt twice answers the same. ' +
      'See docs/api.md "Notices".',
    rawBody: { contentTypes: ['application/json'], description: 'The receipt as JSON (NoticeReceipt), at most 16 KiB.' },
    ok: [200],
    kind: 'json',
    response: NoticeReceiptResult,
    errors: ['NOTICE_SIGNATURE_INVALID', 'NOTICE_SIGNATURE_EXPIRED', 'NOT_FOUND'],
  },
  'notices.csv': {
    method: 'GET',
    path: '/notices.csv',
    roles: MANAGERS,
    tag: 'notices',
    summary: 'The notice queue as CSV (UTF-8 with BOM), newest first: for companies that send by hand',
    query: NoticeCsvQuery,
    ok: [200],
    kind: 'csv',
  },
  'notices.overview': {
    method: 'GET',
    path: '/notices',
    roles: MANAGERS,
    tag: 'notices',
    summary: 'The notice queue for the console: counts per status, the newest messages, and open orders whose phone no notice can reach',
    query: NoticeOverviewQuery,
    ok: [200],
    kind: 'json',
    response: NoticeOverview,
  },
  'notices.optOut': {
    method: 'PUT',
    path: '/notices/opt-outs/:customerCode',
    roles: MANAGERS,
    tag: 'notices',
    summary: 'Stop (`optedOut: true`) or resume notices to a household of the team (by customer code)',
    description: 'A supervisor sets it for their own team; an admin names the team with `?teamId=`. Idempotent.',
    params: NoticeOptOutParams,
    query: NoticeOptOutQuery,
    body: NoticeOptOutRequest,
    ok: [200],
    kind: 'json',
    response: NoticeOptOut,
  },
  'apiTokens.list': {
    method: 'GET',
    path: '/api-tokens',
    roles: ADMIN,
    tag: 'integrations',
    summary: 'The API tokens of integrations (the head-end system), live and revoked; never the tokens themselves',
    ok: [200],
    kind: 'json',
    response: ApiTokenList,
  },
  'apiTokens.create': {
    method: 'POST',
    path: '/api-tokens',
    roles: ADMIN,
    tag: 'integrations',
    summary: 'Create a named API token for `POST /hes/meter-readings`: the token is in this answer only (stored hashed)',
    body: CreateApiTokenRequest,
    ok: [201],
    kind: 'json',
    response: ApiTokenCreated,
  },
  'apiTokens.revoke': {
    method: 'DELETE',
    path: '/api-tokens/:id',
    roles: ADMIN,
    tag: 'integrations',
    summary: 'Revoke an API token: its next request is refused (idempotent)',
    params: Id,
    ok: [204],
    kind: 'empty',
    errors: ['NOT_FOUND'],
  },
  'hes.readings': {
    method: 'POST',
    path: '/hes/meter-readings',
    roles: 'public',
    tag: 'integrations',
    summary: "The head-end system's meter readings (IEC 61968-9 MeterReadings as XML, or the same as JSON): confirms the new meters",
    description:
      'No session: `Authorization: Bearer hes_…`, an API token an admin created (`POST /api-tokens`); a session cookie does not open it. ' +
      'XML: `MeterReadings/MeterReading` with `Meter/Names/name` (serial), optional `Meter/amrSystem` (RF-Mesh, PLC, GPRS/4G, NB-IoT) and `Readings` ' +
      '(`ReadingType/@ref` an 18-field CIM code of forward active energy in Wh, field 11 the register: 0 total, 1 normal, 2 peak, 3 off-peak; `timeStamp`; `value`); ' +
      'a DOCTYPE or any entity is refused. JSON: `{messageId?, readings: [{serial, readAt, total, normal?, peak?, offPeak?, commType?}]}`. ' +
      'At most 64 MiB of XML or 16 MiB of JSON (413 beyond), 200,000 readings. All or nothing: a reading from the future or the same meter and time twice with different values is 422 `IMPORT_INVALID` and nothing is applied. ' +
      'Idempotent: a reading already stored (same serial and time) counts as a duplicate; the same `Header/MessageID` again answers the first result (`replayed: true`), with another body 422 `IDEMPOTENCY_KEY_REUSED`. See docs/api.md "Head-end readings".',
    rawBody: {
      contentTypes: ['application/xml', 'text/xml', 'application/json'],
      description: 'A MeterReadings message (XML, UTF-8) or its JSON form.',
    },
    ok: [200],
    kind: 'json',
    response: HesImportResponse,
    errors: ['UNAUTHENTICATED', 'IMPORT_INVALID', 'IDEMPOTENCY_KEY_REUSED', 'VALIDATION_FAILED'],
  },
  'hes.import': {
    method: 'POST',
    path: '/hes/meter-readings/import',
    roles: MANAGERS,
    tag: 'integrations',
    summary: "Import the head-end's readings from a CSV file (all or nothing); `dryRun=1` checks without writing",
    description:
      'Columns serial (SO_CTO), read_at (THOI_GIAN: ISO 8601 with offset, or yyyy-MM-dd HH:mm / dd/MM/yyyy HH:mm in Vietnam time), total (CS_TONG), ' +
      "optional normal (CS_BT), peak (CS_CD), off_peak (CS_TD), comm_type (KIEU_TT). A supervisor applies readings to their own team's meters (others are skipped); an admin to every team's, or to the team named.",
    query: HesImportQuery,
    rawBody: { contentTypes: ['text/csv'], description: 'The CSV file (UTF-8, with or without BOM; `,` or `;`), at most 64 MiB.' },
    ok: [200],
    kind: 'json',
    response: HesImportResponse,
    errors: ['IMPORT_INVALID', 'IMPORT_ABORTED'],
  },
  'hes.unmatched': {
    method: 'GET',
    path: '/hes/unmatched-readings',
    roles: MANAGERS,
    tag: 'integrations',
    summary: 'Readings of meters installed nowhere ("đo xa thấy công tơ chưa có biên bản"), newest first, at most 500',
    ok: [200],
    kind: 'json',
    response: UnmatchedReadingList,
  },
  'reports.commissioning': {
    method: 'GET',
    path: '/reports/commissioning',
    roles: MANAGERS,
    tag: 'reports',
    summary: 'Remote-read commissioning of the swaps installed in a period, per commune, technician or communication type',
    query: CommissioningReportQuery,
    ok: [200],
    kind: 'json',
    response: CommissioningReport,
  },
  'reports.commissioningCsv': {
    method: 'GET',
    path: '/reports/commissioning.csv',
    roles: MANAGERS,
    tag: 'reports',
    summary: 'The commissioning report as CSV (UTF-8 with BOM)',
    query: CommissioningReportQuery,
    ok: [200],
    kind: 'csv',
  },
} as const satisfies Record<string, EndpointDef>;

export type Endpoints = typeof ENDPOINTS;
export type EndpointName = keyof Endpoints;
export const ENDPOINT_NAMES = Object.keys(ENDPOINTS) as EndpointName[];

/**
 * Every error code an endpoint may answer: those of its own list plus what the shared layers add
 * (session and role check, input parsing, Origin check and body limits, database outage, bugs).
 */
export function errorCodesOf(def: EndpointDef): ErrorCode[] {
  const codes = new Set<ErrorCode>(def.errors ?? []);
  if (def.roles !== 'public') codes.add('UNAUTHENTICATED').add('FORBIDDEN');
  if (def.params || def.query || def.body) codes.add('VALIDATION_FAILED');
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(def.method)) codes.add('ORIGIN_MISMATCH');
  if (def.body || def.rawBody) codes.add('PAYLOAD_TOO_LARGE').add('UNSUPPORTED_MEDIA_TYPE');
  codes.add('UNAVAILABLE').add('INTERNAL');
  return [...codes];
}

/** `/reviews/:id/resolve` with `{id}` → `/reviews/<id>/resolve` (each value URI-encoded). */
export function routePath(name: EndpointName, params: Record<string, string> = {}): string {
  return ENDPOINTS[name].path.replace(/:(\w+)/g, (_match, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: path parameter ${key} missing`);
    return encodeURIComponent(value);
  });
}

/** `/reviews/:id/resolve` → `/reviews/{id}/resolve` (OpenAPI path template). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}
