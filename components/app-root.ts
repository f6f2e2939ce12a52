/** The element each extension page (entrypoints/*\/index.html) renders into. */
export function appRoot(doc: Document = document): HTMLElement {
  const root = doc.getElementById('app');
  if (!root) throw new Error('Kexue Reader: this page has no #app element to render into.');
  return root;
}
