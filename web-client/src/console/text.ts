/** Lower case without diacritics (`Đồng Xoài` → `dong xoai`), so a search needs no Vietnamese keyboard. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** An ASCII file-name part: `Hội nghị: quý 1/2030` → `hoi-nghi-quy-1-2030`. */
export function slugify(text: string, maxLength = 60): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxLength)
    .replace(/^-+|-+$/g, '');
}
