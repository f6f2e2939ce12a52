/**
 * The popup's storage read, started as early as the popup's HTML allows (components/popup/popup-start.ts says why).
 * Loaded `async` by entrypoints/popup/index.html before the popup's module.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startPopupRead } from '@/components/popup/popup-start';

export default defineUnlistedScript(() => startPopupRead((keys) => browser.storage.local.get(keys)));
