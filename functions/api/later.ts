/**
 * The API's routes and files off finance's every-minute path, in one module the router imports on the first request
 * that needs it (app.ts; ADR 024): one module, not one per group, so a bundle splits into a few chunks, not forty.
 */
export { paymentRoutes } from './payment-routes';
export { controlsRoutes } from './controls-routes';
export { reportRoutes } from './report-routes';
export { digestRoutes } from './digest-routes';
export { evidenceRoutes } from './evidence-routes';
export { simulationRoutes } from './simulation-routes';
export { fileAnswer, readPages } from './exports';
export { awardsTable, ledgerTable } from '../../shared/domain/report-tables';
export { openApiDocument } from '../../shared/contract/openapi';
