/**
 * Reading state, the popup and export/import in real Firefox ESR with the Firefox build: the same checks as the
 * Chromium suites (../checks.ts).
 */
import { afterAll, beforeAll, it } from 'vitest';
import {
  expectBackupRoundTrip,
  expectFollowedSeriesBadge,
  expectKeyboardToggle,
  expectNoMarkWithoutScrolling,
  expectReadingMarksLive,
  expectSeriesProgressAndSearch,
} from '@/tests/e2e/checks';
import { articleOf, entriesOf, listingWithSavedArticle, loadManifest } from '@/tests/e2e/fixtures';
import { articleInSeries, listingWithPartialSeries } from '@/tests/e2e/series-fixtures';
import { must } from '@/tests/must';
import { type FirefoxSession, launchFirefox } from './browser';

const pages = loadManifest();
const { listing, article } = listingWithSavedArticle(pages);
const articleId = articleOf(article).id;
const otherArticle = must(
  pages.find((p) => p.kind === 'article' && articleOf(p).id !== articleId),
  'a second saved article',
);
const otherEntry = must(
  entriesOf(listing).find((entry) => entry.id !== articleId),
  `a second entry on ${listing.url}`,
);
const listingWithoutArticle = must(
  pages.find((p) => p.kind === 'listing' && entriesOf(p).every((e) => e.id !== articleId)),
  `a listing page without article ${articleId}`,
);
let session: FirefoxSession;

beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => {
  await session?.close();
});

// Order matters in one session: the follow flow needs a catalog that only its listing has filled, the backup
// exactly the two marks it makes.
it('popup: follow a series, its new parts on the toolbar badge until the series is opened', () =>
  expectFollowedSeriesBadge(session, listingWithPartialSeries(pages)));

it('exports a JSON backup from the options page and re-importing it restores the reading states', () =>
  expectBackupRoundTrip(session, listingWithoutArticle));

it('auto-read: reading an article to the end marks it read on a listing open in another tab, live', () =>
  expectReadingMarksLive(session, listing, article));

it('opening an article without scrolling does not mark it read', () =>
  expectNoMarkWithoutScrolling(session, otherArticle));

it('the toggle on a listing entry marks read and unread by hand, with the keyboard', () =>
  expectKeyboardToggle(session, listing, otherEntry.id));

it('popup: series progress and the next part after reading, search finds the article', () =>
  expectSeriesProgressAndSearch(session, articleInSeries(pages)));
