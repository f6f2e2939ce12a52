export * from './backup';
export * from './formats';
export * from './import';
export * from './rows';
