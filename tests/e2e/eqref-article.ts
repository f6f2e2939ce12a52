/** The saved article the math-tools e2e suites open: the first one with an equation reference, its math rendered. */
import type { Page } from 'playwright-core';
import { type ExtensionSession, launchExtension } from './browser';
import { articleOf, loadManifest } from './fixtures';

export async function openArticleWithEqrefs(): Promise<{ session: ExtensionSession; page: Page }> {
  const article = loadManifest().find((p) => p.kind === 'article' && articleOf(p).eqrefs.length > 0);
  if (!article) throw new Error('The fixtures have no article with an equation reference');
  const session = await launchExtension();
  const page = await session.open(article.url);
  await page.waitForSelector('html[data-kx-math-state="done"]', { timeout: 60_000 });
  return { session, page };
}
