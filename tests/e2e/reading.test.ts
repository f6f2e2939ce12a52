/**
 * Reading state in real Chromium: reading an article to the end marks it read, and a listing page open in another
 * tab shows it at once, without a reload. Manual toggles on a listing work the same way.
 */
import { afterAll, beforeAll, it } from 'vitest';
import { must } from '@/tests/must';
import { type ExtensionSession, launchExtension, testSession } from './browser';
import { expectKeyboardToggle, expectNoMarkWithoutScrolling, expectReadingMarksLive } from './checks';
import { articleOf, entriesOf, listingWithSavedArticle, loadManifest } from './fixtures';

const { listing, article } = listingWithSavedArticle(loadManifest());
const articleId = articleOf(article).id;
const otherArticle = must(
  loadManifest().find((p) => p.kind === 'article' && articleOf(p).id !== articleId),
  'a second saved article',
);
const otherEntry = must(
  entriesOf(listing).find((entry) => entry.id !== articleId),
  `a second entry on ${listing.url}`,
);
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
  expectNoMarkWithoutScrolling(testSession(session), otherArticle));

it('the toggle on a listing entry marks read and unread by hand, with the keyboard', () =>
  expectKeyboardToggle(testSession(session), listing, otherEntry.id));
