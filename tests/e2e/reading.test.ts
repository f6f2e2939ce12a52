/**
 * Reading state in real Chromium: reading an article to the end marks it read, and a listing page open in another
 * tab shows it at once, without a reload. Manual toggles on a listing work the same way.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { type ExtensionSession, launchExtension, testSession } from './browser';
import { expectKeyboardToggle, expectNoMarkWithoutScrolling, expectReadingMarksLive } from './checks';
import { listingWithSavedArticle, loadManifest } from './fixtures';

const { listing, article } = listingWithSavedArticle(loadManifest());
const articleId = article.article!.id;
let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension();
});
afterAll(async () => {
  await session?.close();
});

it('reading an article to the end marks it read on a listing open in another tab, live', () =>
  expectReadingMarksLive(testSession(session), listing, article));

it('opening an article without scrolling does not mark it read', () =>
  expectNoMarkWithoutScrolling(
    testSession(session),
    loadManifest().find((p) => p.kind === 'article' && p.article!.id !== articleId)!,
  ));

it('the toggle on a listing entry marks read and unread by hand, with the keyboard', () =>
  expectKeyboardToggle(testSession(session), listing, listing.entries!.find((entry) => entry.id !== articleId)!.id));
