import { expect, it } from 'vitest';
import { badgeText } from '@/utils/badge';

it.each([
  [0, ''],
  [-1, ''],
  [Number.NaN, ''],
  [1, '1'],
  [42, '42'],
  [100, '99+'],
])('badge for %f new parts is %j', (count, text) => {
  expect(badgeText(count)).toBe(text);
});
