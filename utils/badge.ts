/** The toolbar badge: how many new parts of followed series wait to be seen. */
export function badgeText(newParts: number): string {
  if (!Number.isFinite(newParts) || newParts <= 0) return '';
  return newParts > 99 ? '99+' : String(Math.floor(newParts));
}
