import type { Generated } from 'kysely';

/**
 * Table shapes as stored (snake_case). Conventions, identical on SQLite and PostgreSQL so one query works on both:
 * - ids are text (UUIDs, or SHA-256 hex for photos and sessions);
 * - timestamps are ISO-8601 UTC text from `Date#toISOString()` (lexical order = time order);
 * - booleans are integers 0/1; JSON is text;
 * - counters that must only grow (`change_id`, audit ids) are auto-increment integers.
 * Nothing outside server/store sees these names.
 */
export interface TeamsTable {
  id: string;
  name: string;
  province: string;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  team_id: string | null;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface WorkOrdersTable {
  id: string;
  code: string;
  customer_code: string;
  customer_name: string;
  phone: string | null;
  address: string;
  commune: string;
  /** The hamlet the import's THON column gave (trimmed), or null: the roadmap then reads it from the address. */
  hamlet: Generated<string | null>;
  district: string | null;
  province: string;
  lat: number;
  lng: number;
  station_code: string | null;
  route_code: string | null;
  route_order: number | null;
  phases: number;
  old_meter_serial: string;
  old_meter_type: string | null;
  last_billed_reading: number | null;
  reason: string | null;
  planned_date: string | null;
  status: string;
  assignee_id: string | null;
  team_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** Folded code, customer code and name, old serial for `q` (see ./workOrderSearch.ts); written by the work-order repo. */
  search_text: Generated<string>;
  /** Whether the household was told of the visit: WorkOrderNotice as JSON, or null (src/domain/workOrder/notice.ts). */
  notice: Generated<string | null>;
}

export interface AssignmentsTable {
  id: string;
  work_order_id: string;
  technician_id: string;
  assigned_by: string | null;
  assigned_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

export interface CompletionsTable {
  id: string;
  work_order_id: string;
  technician_id: string;
  client_id: string;
  is_primary: number;
  payload: string;
  media_status: string;
  received_at: string;
  captured_at: string;
  /** JSON array of strings: conflict codes and warnings noted on receipt. */
  flags: string;
  /** The installed meter's serial (normalised), for fleet-wide uniqueness checks. Null only on rows older than the column. */
  installed_serial: string | null;
  /** Report facts kept by database triggers from captured_at and payload (migration 2026_11_28_0001): never written by code. */
  captured_utc: Generated<string | null>;
  captured_day: Generated<string | null>;
  cashless_current: Generated<string | null>;
  cashless_new: Generated<number>;
}

export interface VisitsTable {
  id: string;
  work_order_id: string;
  technician_id: string;
  reason: string;
  note: string;
  gps: string | null;
  at: string;
  received_at: string;
  /** The visit.fail args as the device sent them (JSON). */
  payload: string;
  /** Report facts kept by database triggers from `at` (migration 2026_11_28_0001): never written by code. */
  at_utc: Generated<string | null>;
  at_day: Generated<string | null>;
}

export interface PhotosTable {
  id: string;
  bytes: number;
  mime: string;
  uploaded_by: string;
  received_at: string;
}

/** A record that references a photo: `owner_kind` is 'completion' or 'visit'. */
export interface PhotoRefsTable {
  photo_id: string;
  owner_kind: string;
  owner_id: string;
  work_order_id: string;
}

export interface PhotoUploadersTable {
  photo_id: string;
  user_id: string;
  received_at: string;
}

export interface ReviewsTable {
  id: string;
  work_order_id: string;
  completion_id: string | null;
  code: string;
  detail: string;
  status: string;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  note: string | null;
}

export interface SyncClientsTable {
  client_id: string;
  user_id: string;
  last_seq: number;
  created_at: string;
  last_seen_at: string;
  /** The device's own backlog as it reported at its last pull (null until it reports; see migration 2026_11_27_0002). */
  pending_records: Generated<number | null>;
  pending_photos: Generated<number | null>;
  oldest_pending_at: Generated<string | null>;
  reported_at: Generated<string | null>;
}

export interface MutationLogTable {
  client_id: string;
  seq: number;
  mutation_id: string;
  name: string;
  args_hash: string;
  status: string;
  result: string;
  received_at: string;
}

export interface RejectedMutationsTable {
  id: Generated<number>;
  client_id: string;
  user_id: string;
  seq: number;
  mutation_id: string;
  name: string;
  payload: string;
  error: string;
  received_at: string;
}

export interface ChangesTable {
  change_id: Generated<number>;
  recipient_user_id: string;
  entity: string;
  entity_id: string;
  op: string;
  /** The entity's version when the change was written (what a revoke reports; upserts report the current row). */
  entity_version: number;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  at: string;
}

export interface SessionsTable {
  /** SHA-256 hex of the cookie token: a database leak does not leak usable sessions. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A sign-in limit's bucket (./loginLimits.ts). */
export interface LoginAttemptsTable {
  /** `kind:` + SHA-256 hex of the username, address or device token. */
  key: string;
  failures: number;
  pending: number;
  window_ends_ms: number;
}

/** A browser that has signed in as `user_id` before (./loginLimits.ts). */
export interface LoginDevicesTable {
  /** SHA-256 hex of the device cookie's token. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

/** The last confirmation of a commune's roadmap (issue 15 §1); the plan itself is the orders' dates and assignees. */
export interface RoadmapConfirmationsTable {
  team_id: string;
  commune: string;
  confirmed_by: string | null;
  confirmed_at: string;
  capacity_per_day: number;
}

/** A team's settings for the roadmap letter (issue 15 §2); `signer_title` and `payment_options` are JSON arrays of strings. */
export interface TeamSettingsTable {
  team_id: string;
  parent_body: string;
  issuing_body: string;
  symbol: string;
  place: string;
  contact_name: string;
  contact_phone: string;
  signer_name: string;
  signer_title: string;
  payment_options: string;
  updated_by: string | null;
  updated_at: string;
}

/** The billing system's payment method of a customer in a period (migration 2026_12_07_0005). */
export interface PaymentMethodsTable {
  team_id: string;
  customer_code: string;
  /** `YYYY-MM`. */
  period: string;
  /** A BillingMethod (src/domain/console/cashless.ts). */
  method: string;
  imported_at: string;
}

/** A token of the customer's copy of a handover record, by its SHA-256 (migration 2026_12_07_0007). */
export interface CustomerCopiesTable {
  token_hash: string;
  completion_id: string;
  work_order_id: string;
  team_id: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** A customer notice in the delivery queue (migration 2026_12_07_0006); `params` is JSON. */
export interface NoticesTable {
  message_id: string;
  team_id: string;
  work_order_id: string | null;
  customer_code: string;
  to_phone: string;
  /** 'zalo' | 'sms'. */
  channel: string;
  /** 'visit_notice' | 'swap_receipt'. */
  template: string;
  params: string;
  text: string;
  /** queued → sending → sent | delivered | failed | skipped. */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: string;
  claimed_by: string | null;
  lease_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  delivered_at: string | null;
}

/** A household that asked for no notices. */
export interface NoticeOptOutsTable {
  team_id: string;
  customer_code: string;
  opted_out_at: string;
}

/** A machine-to-machine credential (issue 17): only the SHA-256 of the token is stored. */
export interface ApiTokensTable {
  id: string;
  name: string;
  /** The one endpoint it opens: 'hes.readings'. */
  scope: string;
  token_hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** A primary completion's commissioning by the head-end (issue 17); `state` is a CommissioningState. */
export interface CommissioningTable {
  completion_id: string;
  work_order_id: string;
  technician_id: string;
  installed_at: string;
  state: string;
  reading_id: string | null;
  first_read_at: string | null;
  first_read_total: number | null;
  comm_type: string | null;
  reason: string | null;
  decided_at: string | null;
  follow_up_work_order_id: string | null;
}

/** A reading the head-end reported; `outcome`: confirmed | mismatch | later | unmatched. */
export interface HesReadingsTable {
  id: string;
  serial: string;
  read_at: string;
  total: number;
  normal: number | null;
  peak: number | null;
  off_peak: number | null;
  comm_type: string | null;
  /** 'api' | 'csv'. */
  source: string;
  received_at: string;
  completion_id: string | null;
  outcome: string;
}

/** A head-end message id already applied, with its answer (JSON). */
export interface HesMessagesTable {
  message_id: string;
  body_hash: string;
  token_id: string | null;
  result: string;
  received_at: string;
}

/** A meter or seal in stock (migration 2026_12_08_0101). */
export interface StockItemsTable {
  id: string;
  team_id: string;
  /** A StockKind (src/domain/stock/stock.ts). */
  kind: string;
  code: string;
  model: string | null;
  phases: number | null;
  manufacture_year: number | null;
  verified_on: string | null;
  verification_no: string | null;
  remote_read: string | null;
  seal_kind: string | null;
  lot: string | null;
  created_at: string;
}

/** One move of one stock item, append-only; the highest `seq` of an item says where it is. */
export interface StockMovementsTable {
  item_id: string;
  seq: number;
  team_id: string;
  /** A MovementKind. */
  kind: string;
  from_holder: string | null;
  to_holder: string;
  batch_id: string;
  actor_id: string;
  at: string;
  pliers_number: string | null;
  mutation_id: string | null;
  /** The work order of an install, a remove, or a void at a door. */
  work_order_id: string | null;
  /** A removed meter's bag label (`remove`). */
  label: string | null;
  /** The technician's stock reason (`install` of an item the stock did not back) or a void's note. */
  note: string | null;
}

/** One `stock.void` (issue 16 §4): a seal or new meter written off, with its photos; `held` 1 when it moved an item. */
export interface StockVoidsTable {
  id: string;
  team_id: string;
  technician_id: string;
  kind: string;
  code: string;
  reason: string;
  note: string | null;
  work_order_id: string | null;
  /** JSON array of photo ids. */
  photo_ids: string;
  held: number;
  at: string;
  received_at: string;
  mutation_id: string;
}

export interface Database {
  teams: TeamsTable;
  users: UsersTable;
  work_orders: WorkOrdersTable;
  assignments: AssignmentsTable;
  completions: CompletionsTable;
  visits: VisitsTable;
  photos: PhotosTable;
  photo_refs: PhotoRefsTable;
  photo_uploaders: PhotoUploadersTable;
  reviews: ReviewsTable;
  sync_clients: SyncClientsTable;
  mutation_log: MutationLogTable;
  rejected_mutations: RejectedMutationsTable;
  changes: ChangesTable;
  audit_log: AuditLogTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  login_devices: LoginDevicesTable;
  roadmap_confirmations: RoadmapConfirmationsTable;
  team_settings: TeamSettingsTable;
  payment_methods: PaymentMethodsTable;
  customer_copies: CustomerCopiesTable;
  notices: NoticesTable;
  notice_opt_outs: NoticeOptOutsTable;
  api_tokens: ApiTokensTable;
  commissioning: CommissioningTable;
  hes_readings: HesReadingsTable;
  hes_messages: HesMessagesTable;
  stock_items: StockItemsTable;
  stock_movements: StockMovementsTable;
  stock_voids: StockVoidsTable;
  meta: MetaTable;
}
