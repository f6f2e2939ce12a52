export * from './rows';
export * from './formats';
export * from './backup';
export * from './import';
