export * from './codec';
export * from './engine';
export * from './local';
export * from './marks';
