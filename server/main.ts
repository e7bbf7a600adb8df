import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { isoDayInVietnam } from '../src/domain/time/time';
import { createApp } from './app';
import { openBlobStore, type OpenedBlobStore } from './blobs/openBlobStore';
import { parseConfig, publicBaseUrl, type Config } from './config';
import { formatDemoAccounts } from './demo/accounts';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_SIZE } from './demo/generate';
import { seedDemo } from './demo/seed';
import { createLogger } from './logger';
import { ensureAdmin } from './services/bootstrap';
import { systemClock } from './services/clock';
import { createFeedCompaction } from './services/feedCompaction';
import { createNoticeLoop } from './services/notices/noticeLoop';
import { createCommissioningSweep } from './services/hes/commissioningSweep';
import { createPdfRenderer } from './services/pdfRenderer';
import { createStore, type Store } from './store/store';

/** In-flight requests get this long to finish after SIGTERM/SIGINT before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/** How often idle keep-alive connections are closed while draining (a finished request leaves its socket idle). */
const IDLE_SWEEP_MS = 100;
/** The pull feed's compaction (design §5): a minute after start (not in the way of start-up), then every six hours. */
const COMPACTION_FIRST_MS = 60_000;
const COMPACTION_EVERY_MS = 6 * 3_600_000;
/** Customer notices (issue 15 §3): the visit-notice job and the sender look for due work this often. */
const NOTICES_EVERY_MS = 10_000;

async function prepareData(store: Store, config: Config, log: (line: string) => void): Promise<void> {
  const { applied } = await store.migrate();
  if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  if (config.demo && (await store.workOrders.count()) === 0) {
    const now = systemClock.now();
    const summary = await seedDemo(store, { seed: DEFAULT_DEMO_SEED, size: DEFAULT_DEMO_SIZE, now, today: isoDayInVietnam(now) });
    log(`Seeded the demo data set: ${summary.workOrders} work orders, ${summary.assigned} planned for today.`);
  }
  if (config.adminPassword !== null && (await ensureAdmin(store, config.adminPassword, systemClock))) {
    log('Created the user "admin" with the password from ADMIN_PASSWORD.');
  }
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(`Invalid configuration: ${parsed.message}\n`);
    process.exit(1);
  }
  const config = parsed.config;
  const logger = createLogger(config.logLevel);
  const log = (line: string) => logger.info(line);

  const onPoolError = (err: Error) => logger.warn({ err }, 'idle database connection failed');
  let store: Store;
  let photos: OpenedBlobStore;
  try {
    store = await createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onPoolError });
    await prepareData(store, config, log);
    // After the migrations: the database store's tables come with them.
    photos = await openBlobStore(config, { onPoolError });
    if (photos.swept > 0) log(`Removed ${photos.swept} temporary photo files left by a crash.`);
  } catch (error) {
    process.stderr.write(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  const staticDir = existsSync(config.staticDir) ? config.staticDir : undefined;
  if (staticDir === undefined) logger.warn({ staticDir: config.staticDir }, 'built app not found: serving the API only (run npm run build)');
  const pdfRenderer = createPdfRenderer();
  const server = createServer(
    createApp({ config, store, logger, blobs: photos.blobs, pdfRenderer, ...(staticDir === undefined ? {} : { staticDir }) }),
  );
  const stopCompaction = createFeedCompaction(store, systemClock, { revokeDays: config.pullRevokeDays }).start(
    logger,
    COMPACTION_EVERY_MS,
    COMPACTION_FIRST_MS,
  );
  const stopNotices = createNoticeLoop(store, systemClock, config).start(logger, NOTICES_EVERY_MS);
  const stopCommissioning = createCommissioningSweep(store, systemClock, config.commissioningDeadlineHours).start(
    logger,
    config.commissioningSweepSeconds * 1000,
  );
  if (config.notifyWebhookUrl === null) log('NOTIFY_WEBHOOK_URL is not set: customer notices stay queued (export them as CSV).');
  server.listen(config.port, config.host, () => {
    logger.info({ url: publicBaseUrl(config), db: store.dialect, blobs: config.blobStore }, 'listening');
    if (config.demo) process.stdout.write(`\n${formatDemoAccounts(publicBaseUrl(config))}\n`);
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('requests still running after the grace period: exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    // close() stops accepting and resolves once every connection has ended; idle keep-alive sockets
    // (including those that become idle as their request finishes) are closed as we go.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      void Promise.all([
        pdfRenderer.close(),
        photos.close(),
        Promise.all([stopCompaction(), stopNotices(), stopCommissioning()]).then(() => store.close()),
      ]).then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'closing the database failed');
          process.exit(1);
        },
      );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

await main();
