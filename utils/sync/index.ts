export * from './marks';
export * from './codec';
export * from './engine';
export * from './local';
