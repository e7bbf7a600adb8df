export * from './auth';
export * from './errors';
export * from './sync';
export * from './time';
export * from './workOrder';
