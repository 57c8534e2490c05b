/** The text of every page and its link annotations, as a PDF reader sees them (pdf.js). */
export async function readPdf(bytes: Buffer): Promise<{ text: string; links: string[] }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    verbosity: 0,
  }).promise;
  let text = '';
  const links: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    text += content.items
      .map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ' '}` : ''))
      .join('');
    for (const annotation of await page.getAnnotations()) if (annotation.url) links.push(annotation.url);
  }
  await document.destroy();
  return { text, links };
}
