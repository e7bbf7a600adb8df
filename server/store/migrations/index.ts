import type { Migration } from 'kysely/migration';
import type { SqlDialect } from '../dialect';
import { initialMigration } from './2026_11_24_0001_initial';
import { pushAndPhotosMigration } from './2026_11_26_0001_push_and_photos';
import { workOrderQueriesMigration } from './2026_11_27_0001_work_order_queries';
import { syncBacklogMigration } from './2026_11_27_0002_sync_backlog';
import { reviewsMigration } from './2026_11_27_0003_reviews';
import { reviewBackfillMigration } from './2026_11_27_0004_review_backfill';
import { reportFactsMigration } from './2026_11_28_0001_report_facts';
import { exportOrderMigration } from './2026_11_28_0002_export_order';
import { blobStoreMigration } from './2026_11_29_0001_blob_store';
import { loginLimitsMigration } from './2026_11_30_0001_login_limits';
import { backedPhotoReferencesMigration } from './2026_12_01_0001_backed_photo_references';
import { compactPullFeedMigration } from './2026_12_07_0002_compact_pull_feed';
import { roadmapsMigration } from './2026_12_07_0003_roadmaps';
import { teamSettingsMigration } from './2026_12_07_0004_team_settings';
import { paymentMethodsMigration } from './2026_12_07_0005_payment_methods';
import { noticesMigration } from './2026_12_07_0006_notices';
import { customerCopiesMigration } from './2026_12_07_0007_customer_copies';
import { workOrderNoticeMigration } from './2026_12_07_0008_work_order_notice';
import { stockMigration } from './2026_12_08_0101_stock';
import { commissioningMigration } from './2026_12_08_0201_commissioning';
import { stockCustodyMigration } from './2026_12_09_0101_stock_custody';

/**
 * Every migration, keyed by its file name (dated, so lexical order is the order they run in).
 * Append only: a migration that has run anywhere is never edited; fix forward with a new file.
 */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  return {
    '2026_11_24_0001_initial': initialMigration(dialect),
    '2026_11_26_0001_push_and_photos': pushAndPhotosMigration(),
    '2026_11_27_0001_work_order_queries': workOrderQueriesMigration(),
    '2026_11_27_0002_sync_backlog': syncBacklogMigration(),
    '2026_11_27_0003_reviews': reviewsMigration(),
    '2026_11_27_0004_review_backfill': reviewBackfillMigration(),
    '2026_11_28_0001_report_facts': reportFactsMigration(dialect),
    '2026_11_28_0002_export_order': exportOrderMigration(),
    '2026_11_29_0001_blob_store': blobStoreMigration(dialect),
    '2026_11_30_0001_login_limits': loginLimitsMigration(),
    '2026_12_01_0001_backed_photo_references': backedPhotoReferencesMigration(),
    '2026_12_07_0002_compact_pull_feed': compactPullFeedMigration(dialect),
    '2026_12_07_0003_roadmaps': roadmapsMigration(),
    '2026_12_07_0004_team_settings': teamSettingsMigration(),
    '2026_12_07_0005_payment_methods': paymentMethodsMigration(),
    '2026_12_07_0006_notices': noticesMigration(),
    '2026_12_07_0007_customer_copies': customerCopiesMigration(),
    '2026_12_07_0008_work_order_notice': workOrderNoticeMigration(),
    '2026_12_08_0101_stock': stockMigration(),
    '2026_12_08_0201_commissioning': commissioningMigration(),
    '2026_12_09_0101_stock_custody': stockCustodyMigration(),
  };
}
