import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from './support/browser.ts';
import { signInAsOfficial } from './support/sign-in.ts';
import { useBrowserSuite } from './support/suite.ts';

/** The area's own navigation (the header has an "open data" link of the same name). */
const areaNav = (page: Page) => page.getByRole('navigation', { name: 'Dữ liệu của Thành phố' });

/** Hospital beds per ward: the third line breaks the schema (a word where an integer belongs). */
const BEDS_SCHEMA = {
  fields: [
    {
      name: 'ma_phuong',
      type: 'string',
      title: 'Mã phường, xã',
      constraints: { required: true, pattern: '^[0-9]{5}$' },
    },
    { name: 'ten_phuong', type: 'string', title: 'Tên phường, xã', constraints: { required: true } },
    {
      name: 'so_giuong',
      type: 'integer',
      title: 'Số giường bệnh',
      constraints: { required: true, minimum: 0 },
    },
    { name: 'so_co_so', type: 'integer', title: 'Số cơ sở khám chữa bệnh' },
  ],
};
const bedsCsv = (bedsInBaDinh: string) =>
  [
    'ma_phuong,ten_phuong,so_giuong,so_co_so',
    '00070,Phường Hoàn Kiếm,120,3',
    `00004,Phường Ba Đình,${bedsInBaDinh},2`,
    '00008,Phường Ngọc Hà,45,1',
    '00025,Phường Giảng Võ,210,4',
    '',
  ].join('\r\n');
const DATASET_TITLE = 'Số giường bệnh theo phường (thử nghiệm E2E)';

describe('city data: standards, catalogue and the open-data portal', () => {
  const suite = useBrowserSuite();

  it('shows the data standards and the database catalogue, demo entries labelled, in both languages', async () => {
    const { page, close } = await suite.page();
    await page.goto('/du-lieu/chuan-du-lieu');
    await page
      .getByRole('heading', { level: 1, name: 'Chuẩn dữ liệu: danh mục phần tử dữ liệu dùng chung' })
      .waitFor();
    expect(await page.title()).toBe('Chuẩn dữ liệu — Nền tảng số Hà Nội');

    // An unaccented search finds the item, with its sensitivity and verification class.
    await page.getByLabel('Tìm theo mã, tên, mô tả').fill('so dinh danh ca nhan');
    await page.getByRole('button', { name: 'Áp dụng' }).click();
    const row = page.locator('tr[data-item="person.personalId"]');
    await row.waitFor();
    await row.getByText('Dữ liệu cá nhân', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await row.getByRole('link', { name: 'person.personalId' }).click();
    await page.getByRole('heading', { level: 1, name: /Số định danh cá nhân/ }).waitFor();
    await page.getByText('Theo mẫu (biểu thức chính quy)').waitFor();
    await page.getByRole('table', { name: 'Lịch sử phiên bản của person.personalId' }).waitFor();
    const schema = await page.request.get(
      (await page.getByRole('link', { name: /^Tải JSON Schema của phiên bản/ }).getAttribute('href'))!,
    );
    expect(schema.status()).toBe(200);
    await expectNoSeriousA11yViolations(page);

    // A code list with its values.
    await page.goto('/du-lieu/chuan-du-lieu/bang-ma/sex');
    await page
      .getByRole('table', { name: /^Các giá trị của bảng mã/ })
      .getByText('Nữ', { exact: true })
      .waitFor();
    await expectNoSeriousA11yViolations(page);

    // The catalogue: its public part, demo entries say they are demo data.
    await areaNav(page).getByRole('link', { name: 'Danh mục cơ sở dữ liệu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Danh mục cơ sở dữ liệu của Thành phố' }).waitFor();
    const demoEntry = page.locator('tr[data-entry]', { has: page.locator('[data-label="demo"]') }).first();
    await demoEntry.waitFor();
    expect(await demoEntry.locator('[data-label="demo"]').textContent()).toBe('Dữ liệu minh họa');
    const xlsx = await page.request.get('/api/data/catalogue.xlsx');
    expect(xlsx.status()).toBe(200);
    await expectNoSeriousA11yViolations(page);
    await demoEntry.getByRole('link').first().click();
    await page.getByRole('heading', { level: 2, name: 'Lịch sử phê duyệt' }).waitFor();
    await page.getByText('Mục này là ví dụ minh họa cách lập danh mục').waitFor();
    await expectNoSeriousA11yViolations(page);

    // English on request.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Approval history' }).waitFor();
    await page.locator('[data-label="demo"]', { hasText: 'Demo data' }).first().waitFor();
    await page.goto('/du-lieu/chuan-du-lieu');
    await page
      .getByRole('heading', { level: 1, name: 'Data standards: the shared data-item dictionary' })
      .waitFor();
    await page.locator('tr[data-item="person.fullName"]').getByText('Basic personal data').waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });

  it('a publisher uploads a CSV with a schema, fixes the reported error and publishes; a visitor finds it without accents, filters the preview and downloads it', async () => {
    const publisher = await suite.page();
    const { page } = publisher;

    // The Department of Health's data steward opens publishing from the console.
    await signInAsOfficial(page, 'dulieu.soyte', '/console');
    await page.getByRole('link', { name: 'Mở: Quản lý dữ liệu mở' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quản lý dữ liệu mở' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('link', { name: 'Tạo bộ dữ liệu mới' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tạo bộ dữ liệu mới' }).waitFor();
    await page.getByLabel('Tiêu đề (tiếng Việt)').fill(DATASET_TITLE);
    // The name follows the title, without accents.
    expect(await page.getByLabel('Tên định danh').inputValue()).toBe(
      'so-giuong-benh-theo-phuong-thu-nghiem-e2e',
    );
    await page.getByLabel('Tiêu đề (tiếng Anh)').fill('Hospital beds by ward (E2E test)');
    await page
      .getByLabel('Mô tả (tiếng Việt)')
      .fill(
        'Số giường bệnh và số cơ sở khám chữa bệnh trên địa bàn một số phường, do Sở Y tế tổng hợp để thử nghiệm cổng dữ liệu.',
      );
    await page.getByLabel('Từ khóa').fill('y tế, giường bệnh, bệnh viện');
    await page.getByRole('checkbox', { name: 'Y tế' }).check();
    expect(await page.getByRole('checkbox', { name: 'Riêng tư cho đến khi công bố' }).isChecked()).toBe(true);
    await expectNoSeriousA11yViolations(page);
    await page.getByRole('button', { name: 'Tạo bộ dữ liệu' }).click();
    await page.getByRole('heading', { level: 1, name: 'Quản lý bộ dữ liệu' }).waitFor();
    await page.getByTestId('publish-state').getByText('Riêng tư', { exact: false }).waitFor();
    const editUrl = page.url();
    expect(new URL(editUrl).pathname).toBe('/console/du-lieu/bo/so-giuong-benh-theo-phuong-thu-nghiem-e2e');

    // Not published yet: an anonymous visitor does not find it.
    const early = await suite.page();
    await early.page.goto('/du-lieu?q=giuong%20benh');
    await early.page.getByTestId('dataset-count').waitFor();
    expect(
      await early.page.locator('[data-dataset="so-giuong-benh-theo-phuong-thu-nghiem-e2e"]').count(),
    ).toBe(0);
    await early.close();

    // Upload with the schema: the file breaks it, the report says where, nothing is kept.
    const upload = page.getByRole('form', { name: 'Tải lên tệp dữ liệu' });
    await upload.getByLabel('Tệp dữ liệu').setInputFiles({
      name: 'giuong-benh.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bedsCsv('một trăm')),
    });
    await upload.getByLabel('Tệp lược đồ bảng (.json, không bắt buộc)').setInputFiles({
      name: 'giuong-benh.schema.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(BEDS_SCHEMA)),
    });
    await expect
      .poll(() => upload.getByLabel('Lược đồ bảng (Table Schema, JSON)').inputValue())
      .toContain('so_giuong');
    // Hold the upload's answer a moment: meanwhile the progress is shown and announced.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(
      '**/api/data/portal/datasets/*/resources',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    await upload.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    const progress = upload.getByRole('progressbar', { name: 'Tiến độ tải lên' });
    // (Bytes held by the test are not reported as sent: the bar exists, announced, at 0 % width.)
    await progress.waitFor({ state: 'attached' });
    expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    await upload.getByTestId('upload-progress').getByRole('status').waitFor();
    release();
    const report = upload.getByTestId('validation-report');
    await report.getByText('Tệp chưa hợp lệ', { exact: false }).waitFor();
    const issues = report.getByTestId('validation-issues').getByRole('listitem');
    expect(await issues.count()).toBeGreaterThanOrEqual(1);
    expect(await issues.first().textContent()).toMatch(/^Dòng 3, cột "so_giuong": /);
    await report.getByText('Không có gì được lưu.', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    expect(await page.locator('[data-managed-resource]').count()).toBe(0);
    // Chromium logs every 4xx answer as a console error; this 422 is the expected refusal.
    const refusal = publisher.errors.findIndex((error) => /status of 422 .*\/resources\)$/.test(error));
    expect(refusal).toBeGreaterThanOrEqual(0);
    publisher.errors.splice(refusal, 1);

    // The fixed file passes and is loaded into the DataStore.
    await upload.getByLabel('Tệp dữ liệu').setInputFiles({
      name: 'giuong-benh.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bedsCsv('100')),
    });
    await upload.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
    await upload.getByText('Đã kiểm tra và nạp 4 dòng vào kho dữ liệu.').waitFor();
    await page
      .locator('[data-managed-resource="giuong-benh.csv"]')
      .getByText('Đã nạp 4 dòng', { exact: false })
      .waitFor();

    // A linked resource, checked on a schedule (and now, on request).
    const link = page.getByRole('form', { name: 'Thêm tài nguyên liên kết' });
    await link.getByLabel('Tên tài nguyên').fill('Trạng thái hệ thống');
    await link.getByLabel('Địa chỉ (URL)').fill(`${suite.url}/api/health`);
    await link.getByLabel('Định dạng').fill('JSON');
    await link.getByLabel('Lịch kiểm tra liên kết').selectOption('daily');
    await link.getByRole('button', { name: 'Thêm liên kết' }).click();
    await link.getByText('Đã thêm liên kết Trạng thái hệ thống.').waitFor();
    const linked = page.locator('[data-managed-resource="Trạng thái hệ thống"]');
    await linked.getByRole('button', { name: 'Kiểm tra ngay' }).click();
    await linked
      .getByTestId('link-check')
      .getByText('Truy cập được ở lần kiểm tra ngày', { exact: false })
      .waitFor();
    await linked.getByLabel('Lịch kiểm tra của Trạng thái hệ thống').selectOption('monthly');
    await linked.getByRole('button', { name: 'Lưu lịch' }).click();
    await linked.getByText('Đã lưu lịch kiểm tra.').waitFor();
    await expectNoSeriousA11yViolations(page);

    // Publish.
    await page.getByRole('button', { name: 'Công bố bộ dữ liệu' }).click();
    await page.getByText('Đã công bố bộ dữ liệu.').waitFor();
    await page.getByTestId('publish-state').getByText('Đã công bố', { exact: false }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await publisher.close();

    // An anonymous visitor finds it by an unaccented search.
    const visitor = await suite.page();
    const v = visitor.page;
    await v.goto('/');
    await v.getByRole('link', { name: 'Mở phân hệ Dữ liệu mở và danh mục CSDL' }).click();
    await v.getByRole('heading', { level: 1, name: 'Dữ liệu mở của chính quyền Thành phố Hà Nội' }).waitFor();
    await v.getByRole('searchbox', { name: 'Tìm bộ dữ liệu' }).fill('so giuong benh');
    await v.getByRole('button', { name: 'Tìm', exact: true }).click();
    const card = v.locator('[data-dataset="so-giuong-benh-theo-phuong-thu-nghiem-e2e"]');
    await card.waitFor();
    await card.getByTestId('quality-score').waitFor();
    // The facets narrow to the publisher.
    await v
      .getByRole('group', { name: 'Cơ quan công bố' })
      .getByRole('checkbox', { name: /^Sở Y tế \(\d+\)$/ })
      .check();
    await v.waitForURL(/organization=so-y-te/);
    await card.waitFor();
    await expectNoSeriousA11yViolations(v);
    await card.getByRole('link', { name: DATASET_TITLE }).click();
    await v.getByRole('heading', { level: 1, name: DATASET_TITLE }).waitFor();
    await v.getByTestId('licence').getByText('Creative Commons Attribution 4.0').waitFor();

    // The preview is a real table; it filters (accent-insensitively) and sorts through the DataStore.
    const table = v.getByRole('table', { name: 'Dữ liệu của giuong-benh.csv' });
    await v.getByTestId('preview-count').getByText('Đang hiển thị dòng 1–4 trong 4 dòng.').waitFor();
    await v.getByLabel('Tìm trong dữ liệu').fill('hoan kiem');
    await v.getByRole('button', { name: 'Lọc', exact: true }).click();
    await v.getByTestId('preview-count').getByText('Đang hiển thị dòng 1–1 trong 1 dòng.').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await table.getByRole('cell', { name: 'Phường Hoàn Kiếm' }).waitFor();
    await v.getByRole('button', { name: 'Xóa bộ lọc' }).click();
    await v.getByTestId('preview-count').getByText('Đang hiển thị dòng 1–4 trong 4 dòng.').waitFor();
    const bedsHeader = table.getByRole('columnheader', { name: /so_giuong/ });
    expect(await bedsHeader.getAttribute('aria-sort')).toBe('none');
    await bedsHeader.getByRole('button', { name: 'Sắp xếp theo cột so_giuong' }).focus();
    await v.keyboard.press('Enter');
    await expect.poll(() => bedsHeader.getAttribute('aria-sort')).toBe('ascending');
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toContain('Phường Ngọc Hà');
    await v.keyboard.press('Enter');
    await expect.poll(() => bedsHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toContain('Phường Giảng Võ');
    // The chart of a numeric column, and the CKAN call that gives the same rows.
    await v.locator('[role="img"][aria-label^="Biểu đồ cột \\"so_giuong\\""] svg').waitFor();
    const snippet = await v.getByTestId('api-snippet').locator('code').first().textContent();
    expect(snippet).toMatch(
      /^curl '.+\/api\/3\/action\/datastore_search\?resource_id=[0-9a-f-]{36}&sort=so_giuong\+desc&limit=20'$/,
    );
    const ckan = await v.request.get(snippet!.slice("curl '".length, -1));
    const rows = (await ckan.json()) as { success: boolean; result: { records: { ten_phuong: string }[] } };
    expect(rows.success).toBe(true);
    expect(rows.result.records[0]?.ten_phuong).toBe('Phường Giảng Võ');
    for (const format of ['JSON-LD', 'Turtle', 'RDF/XML']) {
      const href = await v.getByTestId('dcat-links').getByRole('link', { name: format }).getAttribute('href');
      expect((await v.request.get(href!)).status()).toBe(200);
    }
    await expectNoSeriousA11yViolations(v);

    // The linked resource says when it was last reachable and how often it is checked.
    await v
      .locator('[data-resource-name="Trạng thái hệ thống"]')
      .getByText(/^Truy cập được ở lần kiểm tra ngày .+ · Kiểm tra hằng tháng$/)
      .waitFor();

    // The download is the fixed file.
    const [download] = await Promise.all([
      v.waitForEvent('download'),
      v.getByRole('link', { name: 'Tải về giuong-benh.csv (CSV)' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    expect((await readFile(path)).toString('utf8')).toBe(bedsCsv('100'));

    // English on request.
    await v.getByRole('button', { name: 'English' }).click();
    await v.getByRole('heading', { level: 1, name: 'Hospital beds by ward (E2E test)' }).waitFor();
    await v.getByRole('heading', { level: 2, name: 'Quality score' }).waitFor();
    await expectNoSeriousA11yViolations(v);
    await visitor.close();
  });

  it('lets anyone narrow the portal by facets, read quality criteria, demo labels and the boundaries attribution', async () => {
    const { page, close } = await suite.page();
    await page.goto('/du-lieu');
    await page
      .getByRole('heading', { level: 1, name: 'Dữ liệu mở của chính quyền Thành phố Hà Nội' })
      .waitFor();
    expect(await page.title()).toBe('Dữ liệu mở — Nền tảng số Hà Nội');
    // Every card has its quality score; demo datasets say so.
    await page.locator('[data-dataset]').first().waitFor();
    expect(await page.locator('[data-dataset] [data-testid="quality-score"]').count()).toBe(
      await page.locator('[data-dataset]').count(),
    );
    const demo = page.locator('[data-dataset="diem-dung-xe-buyt-demo"]');
    await demo.locator('[data-label="demo"]', { hasText: 'Dữ liệu minh họa' }).waitFor();
    for (const facet of ['Cơ quan công bố', 'Nhóm chủ đề', 'Định dạng', 'Giấy phép', 'Từ khóa']) {
      await page.getByRole('group', { name: facet }).waitFor();
    }
    await expectNoSeriousA11yViolations(page);

    // Format GeoJSON → the boundaries, with their attribution and licence.
    await page
      .getByRole('group', { name: 'Định dạng' })
      .getByRole('checkbox', { name: /^GEOJSON \(\d+\)$/ })
      .check();
    await page.waitForURL(/format=GEOJSON/);
    const boundaries = page.locator('[data-dataset="ranh-gioi-hanh-chinh-ha-noi"]');
    await boundaries.waitFor();
    await expect.poll(() => page.locator('[data-dataset="diem-dung-xe-buyt-demo"]').count()).toBe(0);
    await boundaries.getByRole('link', { name: 'Ranh giới hành chính thành phố Hà Nội (GeoJSON)' }).click();
    await page
      .getByRole('heading', { level: 1, name: 'Ranh giới hành chính thành phố Hà Nội (GeoJSON)' })
      .waitFor();
    const description = page.getByTestId('description');
    await description.getByText('© Những người đóng góp OpenStreetMap', { exact: false }).waitFor();
    await description.getByText('UN OCHA ROAP', { exact: false }).waitFor();
    await page.getByTestId('licence').getByText('Open Data Commons Open Database License 1.0').waitFor();
    await page.getByRole('link', { name: /^Tải về Ranh giới phường, xã 2025 .*\(GEOJSON\)$/ }).waitFor();
    // The quality score is explained criterion by criterion.
    const criteria = page.getByRole('table', { name: 'Các tiêu chí chất lượng và số điểm' });
    await criteria.getByRole('rowheader', { name: 'Giấy phép mở' }).waitFor();
    expect(await criteria.locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
    await expectNoSeriousA11yViolations(page);

    // A demo dataset says so on its page.
    await page.goto('/du-lieu/bo/diem-dung-xe-buyt-demo');
    await page
      .getByText('Bộ dữ liệu này được tạo để minh họa cách cổng dữ liệu hoạt động', { exact: false })
      .waitFor();
    await page.getByTestId('preview-table').waitFor();
    await expectNoSeriousA11yViolations(page);

    // English.
    await page.getByRole('button', { name: 'English' }).click();
    await page
      .getByText('This dataset was made to demonstrate how the portal works', { exact: false })
      .waitFor();
    await page.locator('[data-label="demo"]', { hasText: 'Demo data' }).first().waitFor();
    await page.goto('/du-lieu');
    await page.getByRole('heading', { level: 1, name: 'Open data of the Hanoi city government' }).waitFor();
    await page.getByRole('group', { name: 'Publisher' }).waitFor();
    await expectNoSeriousA11yViolations(page);
    await close();
  });
});
