/** utils/site: kexue.fm knowledge, pure. URL detectors, DOM extraction (readPage) and the DOM hooks. */
export * from './url';
export * from './hosts';
export { readPage } from './extract';
export type { ArchiveEntry, ArticleFacts, ListingEntry, PageReading } from './types';
export { ARTICLE_ATTR, ENTRY_ATTR, PAGE_ATTR, applyDomHooks } from './hooks';
export { isFullDate, isMonthDay } from './dates';
