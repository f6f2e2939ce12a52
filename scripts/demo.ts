/**
 * Offline demo: Chromium with the built extension on the bundled saved pages, served at their real URLs.
 * `npm run demo` (builds first). Needs a display; KEXUE_FIXTURES picks another set of saved pages.
 */
import { launchExtension } from '@/tests/e2e/browser';

// On Linux a window needs an X or Wayland display; without one, say so instead of Chromium's long error.
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error(
    'npm run demo needs a display (no $DISPLAY here); ' +
      'for screenshots without one run `npm run shots:tour` (docs/tour/).',
  );
  process.exit(1);
}

const session = await launchExtension({ headless: false });
const page = await session.open('https://kexue.fm/');
console.log(
  'Kexue Reader demo: https://kexue.fm/ and the other bundled pages are served offline. Close the window to quit.',
);
page.on('close', () => undefined);
session.context.on('close', () => process.exit(0));
