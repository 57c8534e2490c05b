import type { Bilingual } from '../../../platform/errors.ts';
import type { ResidentSummary } from '../../population/index.ts';
import { html, page, say } from './html.ts';
import type { PageBase } from './sign-in-pages.ts';

/** The VNeID simulator's own sign-in page: pick a synthetic resident and an assurance level. */
const text = {
  title: { vi: 'Đăng nhập VNeID (mô phỏng)', en: 'VNeID sign-in (simulated)' },
  intro: {
    vi: 'Đây là trình mô phỏng để thử nghiệm: chọn một cư dân trong sổ dân cư tổng hợp (không phải người thật) và mức định danh.',
    en: 'This is a simulator for testing: choose a resident of the synthetic population registry (not real people) and an assurance level.',
  },
  requested: (level: number): Bilingual => ({
    vi: `Dịch vụ yêu cầu định danh mức ${level}.`,
    en: `The service asks for level ${level} identity.`,
  }),
  search: { vi: 'Tìm theo họ tên hoặc số định danh cá nhân', en: 'Search by name or personal ID number' },
  searchButton: { vi: 'Tìm', en: 'Search' },
  onlyLevel2: { vi: 'Chỉ người có định danh mức 2', en: 'Only residents with level 2' },
  results: { vi: 'Cư dân (tổng hợp)', en: 'Residents (synthetic)' },
  name: { vi: 'Họ và tên', en: 'Full name' },
  id: { vi: 'Số định danh', en: 'Personal ID' },
  born: { vi: 'Ngày sinh', en: 'Date of birth' },
  ward: { vi: 'Phường, xã', en: 'Ward or commune' },
  level: { vi: 'Mức VNeID', en: 'VNeID level' },
  signInAs: { vi: 'Đăng nhập', en: 'Sign in' },
  atLevel: (level: number): Bilingual => ({ vi: `Mức ${level}`, en: `Level ${level}` }),
  noAccount: { vi: 'Chưa có tài khoản VNeID', en: 'No VNeID account' },
  none: { vi: 'Không tìm thấy cư dân phù hợp.', en: 'No matching resident.' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  problem: { vi: 'Không đăng nhập được', en: 'Could not sign in' },
};

export function simulatorPickPage(
  options: PageBase & {
    uid: string;
    q: string;
    onlyLevel2: boolean;
    requestedLevel: 1 | 2;
    residents: ResidentSummary[];
    error?: Bilingual;
  },
): string {
  const { lang, uid } = options;
  const base = `/vneid-sim/interaction/${encodeURIComponent(uid)}`;
  const levelText = (level: 0 | 1 | 2) =>
    level === 0 ? say(lang, text.noAccount) : say(lang, text.atLevel(level));
  const body = html`
<p class="lead">${say(lang, text.intro)}</p>
<p class="notice">${say(lang, text.requested(options.requestedLevel))}</p>
${options.error ? html`<div class="error-summary" role="alert"><h2>${say(lang, text.problem)}</h2><p>${say(lang, options.error)}</p></div>` : ''}
<form method="get" action="${base}" role="search">
<div class="field"><label for="sim-q">${say(lang, text.search)}</label>
<input id="sim-q" name="q" type="search" value="${options.q}" autocomplete="off"></div>
<div class="field"><label><input type="checkbox" name="level" value="2"${options.onlyLevel2 ? html` checked` : ''}> ${say(lang, text.onlyLevel2)}</label></div>
<input type="hidden" name="lang" value="${lang}">
<p class="actions"><button type="submit">${say(lang, text.searchButton)}</button></p>
</form>
<h2 id="results-heading">${say(lang, text.results)}</h2>
${
  options.residents.length === 0
    ? html`<p>${say(lang, text.none)}</p>`
    : html`<table aria-labelledby="results-heading"><thead><tr><th scope="col">${say(lang, text.name)}</th><th scope="col">${say(lang, text.id)}</th><th scope="col">${say(lang, text.born)}</th><th scope="col">${say(lang, text.ward)}</th><th scope="col">${say(lang, text.level)}</th><th scope="col">${say(lang, text.signInAs)}</th></tr></thead><tbody>
${options.residents.map(
  (
    resident,
  ) => html`<tr><th scope="row">${resident.fullName}</th><td>${resident.personalId}</td><td>${resident.dateOfBirth}</td><td>${resident.wardNameVi}</td><td>${levelText(resident.vneidLevel)}</td><td>
${([1, 2] as const)
  .filter((level) => level <= resident.vneidLevel)
  .map(
    (level) =>
      html`<form method="post" action="${base}/login"><input type="hidden" name="personalId" value="${resident.personalId}"><input type="hidden" name="level" value="${level}"><input type="hidden" name="lang" value="${lang}"><button type="submit" aria-label="${say(lang, text.signInAs)}: ${resident.fullName}, ${say(lang, text.atLevel(level))}">${say(lang, text.atLevel(level))}</button></form> `,
  )}</td></tr>`,
)}</tbody></table>`
}
<p class="actions"><a class="button secondary" href="${base}/abort">${say(lang, text.cancel)}</a></p>`;
  return page({ ...options, title: text.title, body, simulator: true });
}
