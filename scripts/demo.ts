/**
 * Offline demo: Chromium with the built extension on the bundled saved pages, served at their real URLs.
 * `npm run demo` (builds first). Needs a display; KEXUE_FIXTURES picks another set of saved pages.
 */
import { launchExtension } from '../tests/e2e/browser';

const session = await launchExtension({ headless: false });
const page = await session.open('https://kexue.fm/');
console.log('Kexue Reader demo: https://kexue.fm/ and the other bundled pages are served offline. Close the window to quit.');
page.on('close', () => undefined);
session.context.on('close', () => process.exit(0));
