// @vitest-environment happy-dom
// The warm-up sample must really be read and marked as a listing, or the warm-up compiles nothing of that code.
import { expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { warmUpListingCode } from '@/features/warm-up';
import { must } from '@/tests/must';

it('reads the warm-up sample as a listing and marks it, leaving the real page alone', () => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
  document.body.innerHTML = '<p>real page</p>';
  const sample = must(warmUpListingCode('https://kexue.fm'), 'the warm-up sample');
  expect(
    [...sample.querySelectorAll('[data-kx-entry]')].map((e) => [
      e.getAttribute('data-kx-entry'),
      e.getAttribute('data-kx-state'),
    ]),
  ).toEqual([
    ['1', 'read'],
    ['2', 'reading'],
  ]);
  expect(sample.querySelectorAll('button.kx-toggle')).toHaveLength(2);
  expect(document.body.innerHTML).toBe('<p>real page</p>');
});
