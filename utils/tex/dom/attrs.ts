/** The attributes rendering puts on the page (README "Stable DOM hooks"): what the scanner and our features skip. */
export const MATH_ATTR = 'data-kx-math';
export const MATH_ERROR_ATTR = 'data-kx-math-error';
export const TEX_ATTR = 'data-kx-tex';
export const PENDING_ATTR = 'data-kx-pending';
export const ESCAPE_ATTR = 'data-kx-escape';
