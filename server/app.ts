import path from 'node:path';
import compression from 'compression';
import express, { type Express, type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import type { BlobStore } from './blobs/blobStore';
import { createFolderBlobStore } from './blobs/folderBlobStore';
import { publicBaseUrl, type Config } from './config';
import { apiNotFound, errorHandler } from './http/errorHandler';
import { RequestContexts } from './http/requestContext';
import { requestLog } from './http/requestLog';
import { requireEveryEndpointRouted, type Api } from './http/route';
import { originCheck, securityHeaders } from './http/security';
import { staticFiles } from './http/staticFiles';
import { assignmentRoutes } from './routes/assignments';
import { auditLogRoutes } from './routes/auditLog';
import { authRoutes } from './routes/auth';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { mapConfigRoutes } from './routes/mapConfig';
import { openApiRoutes } from './routes/openapi';
import { photoRoutes, DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './routes/photos';
import { reportRoutes } from './routes/reports';
import { stockReconciliationRoutes, stockRoutes } from './routes/stock';
import { cashlessRoutes } from './routes/cashless';
import { reviewRoutes } from './routes/reviews';
import { announcementRoutes } from './routes/announcements';
import { publicApiRoutes, publicPageRoutes } from './routes/publicPages';
import { CUSTOMER_COPY_MISS_RULE, customerCopyApiRoutes, customerCopyPageRoutes } from './routes/customerCopies';
import { noticeRoutes } from './routes/notices';
import { hesRoutes } from './routes/hes';
import { createApiTokenService } from './services/hes/apiTokenService';
import { createCommissioningReport } from './services/hes/commissioningReport';
import { createHesService, type HesLimits } from './services/hes/hesService';
import { roadmapRoutes } from './routes/roadmaps';
import { teamSettingsRoutes } from './routes/teamSettings';
import { syncRoutes } from './routes/sync';
import { userRoutes } from './routes/users';
import { workOrderConsoleRoutes, workOrderRoutes } from './routes/workOrders';
import { createAssignmentService } from './services/assignmentService';
import { createAuditLogService } from './services/auditLogService';
import { createAuthService, type PasswordVerifier } from './services/authService';
import { systemClock, type Clock } from './services/clock';
import { createNoticeService } from './services/notices/noticeService';
import { createExportService } from './services/exportService';
import { createPdfRenderer, type PdfRenderer } from './services/pdfRenderer';
import { createPhotoService } from './services/photoService';
import { createPullService } from './services/pullService';
import { createReportService } from './services/reportService';
import { createCashlessService } from './services/cashlessService';
import { createPaymentMethodImport } from './services/import/paymentMethodImport';
import type { WorkerImportLimits } from './services/import/workerImport';
import { createStockImport } from './services/import/stockImport';
import { createStockService } from './services/stockService';
import { createStockReconciliationService } from './services/stockReconciliationService';
import { createReviewService } from './services/reviewService';
import { createRoadmapLetterService } from './services/roadmapLetterService';
import { createAnnouncementService } from './services/announcementService';
import { createPublicPageService } from './services/publicPageService';
import { createCustomerCopyService } from './services/customerCopyService';
import { createMissLimiter } from './services/missLimiter';
import { createRoadmapService } from './services/roadmapService';
import { createTeamSettingsService } from './services/teamSettingsService';
import { createPushService } from './services/sync/pushService';
import { createTechnicianService } from './services/technicianService';
import { createUserAdminService } from './services/userAdminService';
import { createWorkOrderDetailService } from './services/workOrderDetailService';
import { createImportService } from './services/import/importService';
import { createWorkOrderQueryService } from './services/workOrderQueryService';
import type { Store } from './store/store';
import { readPackageVersion } from './version';

export const API_BASE_PATH = '/api/v1';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** Photo storage; by default a folder `photos/` in the data directory. Required with BLOB_STORE=database (main.ts opens it). */
  blobs?: BlobStore;
  /** The built PWA (dist/); omitted or missing means API only. */
  staticDir?: string;
  /** The worker pool that draws handover PDFs; its owner closes it at shutdown. By default one that starts no thread until a PDF is asked for. */
  pdfRenderer?: PdfRenderer;
  /** Concurrent uploads per user and the idle-body timeout (server/routes/photos.ts); tests shorten them. */
  uploadLimits?: Partial<UploadLimits>;
  /** The sign-in's password check (server/services/passwords.ts by default); tests pass a spy to count checks. */
  verifyPassword?: PasswordVerifier;
  /** The head-end endpoint's byte caps (server/services/hes/hesService.ts); tests lower them. */
  hesLimits?: HesLimits;
  /** The stock delivery import's byte cap and its worker's heap (server/services/import/stockImport.ts); tests lower the heap. */
  stockImportLimits?: WorkerImportLimits;
}

/** API responses hold one user's data: never stored by browsers or proxies. */
const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};

const notFoundText: RequestHandler = (_req, res) => {
  res.status(404).type('text/plain').send('Not found');
};

/** The Express app: API and PWA in one process (design §2). No listen, no globals: tests build it in-process. */
export function createApp(deps: AppDeps): Express {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  if (deps.blobs === undefined && config.blobStore !== 'folder')
    throw new Error(`BLOB_STORE=${config.blobStore}: pass the opened store as deps.blobs`);
  const blobs = deps.blobs ?? createFolderBlobStore(path.join(config.dataDir, 'photos'));
  const contexts = new RequestContexts();
  const auth = createAuthService(store, clock, { idleDays: config.sessionIdleDays, absoluteDays: config.sessionAbsoluteDays }, deps.verifyPassword);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger, contexts));
  app.use(securityHeaders(config.tileOrigin));
  app.use(compression());
  app.use(originCheck);

  const api: Api = { router: Router(), basePath: API_BASE_PATH, auth, contexts };
  healthRoutes(api, store, readPackageVersion());
  openApiRoutes(api, readPackageVersion());
  authRoutes(api);
  syncRoutes(api, createPullService(store, clock, logger), createPushService(store, clock, { publicUrl: publicBaseUrl(config) }));
  photoRoutes(api, createPhotoService(store, blobs, clock), { ...DEFAULT_UPLOAD_LIMITS, ...deps.uploadLimits });
  workOrderConsoleRoutes(api, createWorkOrderQueryService(store), createImportService(store, clock));
  workOrderRoutes(api, createWorkOrderDetailService(store));
  userRoutes(api, createUserAdminService(store, clock));
  assignmentRoutes(api, createAssignmentService(store, clock), createTechnicianService(store));
  mapConfigRoutes(api, config);
  reviewRoutes(api, createReviewService(store, clock));
  reportRoutes(api, createReportService(store, clock));
  const pdfRenderer = deps.pdfRenderer ?? createPdfRenderer();
  const roadmaps = createRoadmapService(store, clock);
  cashlessRoutes(api, createPaymentMethodImport(store, clock), createCashlessService(store));
  stockRoutes(api, createStockImport(store, clock, deps.stockImportLimits), createStockService(store, clock));
  stockReconciliationRoutes(api, createStockReconciliationService(store));
  roadmapRoutes(api, roadmaps, createRoadmapLetterService(roadmaps, pdfRenderer, clock));
  teamSettingsRoutes(api, createTeamSettingsService(store, clock));
  exportRoutes(api, createExportService(store, clock, blobs, pdfRenderer));
  auditLogRoutes(api, createAuditLogService(store));
  announcementRoutes(api, createAnnouncementService(store));
  const publicPages = createPublicPageService(store, clock);
  publicApiRoutes(api, publicPages);
  const customerCopies = createCustomerCopyService(store, clock, blobs, pdfRenderer);
  customerCopyApiRoutes(api, customerCopies);
  noticeRoutes(api, createNoticeService(store, clock, config.notifyWebhookSecret, config.notifyWebhookUrl !== null));
  const apiTokens = createApiTokenService(store, clock);
  hesRoutes(api, createHesService(store, clock, apiTokens, deps.hesLimits), apiTokens, createCommissioningReport(store, clock));
  requireEveryEndpointRouted(api);
  app.use(API_BASE_PATH, noStore, api.router);
  app.use('/api', noStore, apiNotFound);

  app.use('/cong-khai', publicPageRoutes(publicPages));
  app.use('/bien-ban', customerCopyPageRoutes(customerCopies, createMissLimiter(clock, CUSTOMER_COPY_MISS_RULE)));
  if (deps.staticDir !== undefined) app.use(staticFiles(deps.staticDir, { serveSourceMaps: config.serveSourceMaps }));
  app.use(notFoundText);
  app.use(errorHandler(logger, contexts));
  return app;
}
