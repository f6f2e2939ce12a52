/**
 * The URL of a file of the extension. WXT types `runtime.getURL` for the public paths it knows; the files the build
 * adds itself (KaTeX's fonts, `_locales`, the TeX worker) and pages with a query are not among them.
 */
import { browser } from 'wxt/browser';

export const extensionUrl = (path: string): string => (browser.runtime.getURL as (path: string) => string)(path);
