// The browser scenarios, run in order by run.mjs. Each throws on failure.
// The staff page opened by the first scenario is reused by the next ones, as
// a person would keep one tab open.
import fs from 'node:fs';
import path from 'node:path';

const phone = '+16175550123';

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function shot(world, page, name) {
  await page.screenshot({ path: path.join(world.screenshots, `${name}.png`), fullPage: true });
}

async function signIn(world, context, email) {
  const page = await context.newPage();
  page.on('pageerror', (error) => { (world.pageErrors ||= []).push(`${email}: ${error.message}`); });
  await page.goto(`${world.base}/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(world.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#top:not([hidden])').waitFor();
  return page;
}

async function heading(page) {
  return (await page.locator('main h1').first().textContent()).trim();
}

async function staffSignsIn(world) {
  const context = await world.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${world.base}/`);
  await page.getByLabel('Email').fill('ana@example.org');
  await page.getByLabel('Password').fill('not the password');
  await shot(world, page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('wrong email or password').waitFor();
  await page.getByLabel('Password').fill(world.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('main h1', { hasText: 'Inbox' }).waitFor();
  await page.locator('#live-state', { hasText: 'Live' }).waitFor();
  world.staff = page;
}

async function smsAppearsWithoutReload(world) {
  const page = world.staff;
  await page.evaluate(() => { window.stillTheSamePage = true; });
  expect(await page.locator('.inbox li').count() === 0, 'the inbox was not empty to begin with');
  await world.sendSms(world.base, phone, 'I need a Spanish-speaking clinic near Jackson Square', 'SMbrowser0001');
  // The newest message (and so the preview) may be the bot's answer: the row is what counts.
  await page.locator('.inbox li').first().waitFor({ timeout: 8000 });
  expect(await page.evaluate(() => window.stillTheSamePage === true), 'the page reloaded');
  await shot(world, page, 'inbox');
}

async function replyReachesTheProvider(world) {
  const page = world.staff;
  await page.locator('.inbox li a').first().click();
  await page.locator('.transcript li', { hasText: 'Spanish-speaking clinic' }).waitFor();
  const text = 'Hola, soy Ana de la oficina. Le ayudo a encontrar una clínica.';
  await page.getByLabel('Reply as yourself').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  const sent = await world.twilio.waitFor((s) => s.body === text);
  expect(sent.to === phone, `the reply went to ${sent.to}`);
  await page.getByText(/Bot paused/).first().waitFor();
  await page.locator('.transcript li.staff', { hasText: 'Hola, soy Ana' }).waitFor();
  await shot(world, page, 'conversation');
}

async function assignAndResolve(world) {
  const page = world.staff;
  await page.getByLabel('Assigned to').selectOption({ label: 'Ana Staff' });
  await page.getByRole('button', { name: 'Save assignment' }).click();
  await page.getByText('Assignment saved.').waitFor();
  await page.getByLabel('Labels, separated by commas').fill('clinic, spanish');
  await page.getByRole('button', { name: 'Save labels' }).click();
  await page.getByText('Labels saved.').waitFor();
  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.locator('.badge', { hasText: 'Resolved' }).first().waitFor();
  await page.getByRole('button', { name: 'Take over' }).waitFor(); // resolving handed the conversation back
  await page.goto(`${world.base}/#/inbox`);
  await page.getByLabel('Status').selectOption('resolved');
  const row = page.locator('.inbox li', { hasText: '→ Ana Staff' });
  await row.waitFor();
  expect(await row.locator('.badge', { hasText: 'Resolved' }).count() === 1, 'no Resolved badge in the inbox');
  await page.getByLabel('Status').selectOption('open');
}

async function scriptShowsAsText(world) {
  const page = world.staff;
  const nasty = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> still here';
  await world.sendSms(world.base, '+16175550199', nasty, 'SMbrowser0002');
  await page.goto(`${world.base}/#/inbox`);
  await page.getByLabel('Search').fill('still here');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('.muted', { hasText: '1 conversation.' }).waitFor();
  await page.locator('.inbox li a').first().click();
  const message = page.locator('.transcript li', { hasText: 'still here' });
  await message.waitFor();
  const shown = await message.locator('.text').textContent();
  expect(shown === nasty, `the message showed as ${JSON.stringify(shown)}`);
  const injected = await page.evaluate(() => ({
    pwned: window.pwned,
    elements: document.querySelectorAll('.transcript script, .transcript img, .inbox script, .inbox img').length,
  }));
  expect(injected.pwned === undefined && injected.elements === 0, `the message ran as HTML: ${JSON.stringify(injected)}`);
}

async function attachmentAndMerge(world) {
  const page = world.staff;
  const photo = 'https://api.twilio.com/2010-04-01/Accounts/ACbrowser0123456789/Messages/MM1/Media/ME1';
  await world.sendSms(world.base, '+16175550188', 'here is the flyer', 'SMbrowser0003',
    { NumMedia: '1', MediaUrl0: photo, MediaContentType0: 'image/jpeg' });
  await page.goto(`${world.base}/#/inbox`);
  await page.getByLabel('Search').fill('the flyer');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.locator('.muted', { hasText: '1 conversation.' }).waitFor();
  await page.locator('.inbox li a').first().click();
  const link = page.locator('.transcript .attachments a', { hasText: 'Attachment (image/jpeg)' });
  await link.waitFor();
  expect(await link.getAttribute('href') === photo, 'the attachment does not link to the provider\'s media');

  // The same person also wrote from +16175550199: merge that record into this one.
  const keep = Number(world.sql(world.db, "SELECT contact_id FROM identities WHERE address = '+16175550188';"));
  const absorb = Number(world.sql(world.db, "SELECT contact_id FROM identities WHERE address = '+16175550199';"));
  await page.goto(`${world.base}/#/contacts/${keep}`);
  await page.getByLabel(/Id of the other contact/).fill(String(absorb));
  await page.getByLabel(/Why they are the same person/).fill('same person, two phones');
  await page.getByRole('button', { name: 'Merge into this contact' }).click();
  await page.locator('table', { hasText: '+16175550199' }).waitFor();
  expect(await page.locator('table', { hasText: '+16175550188' }).count() === 1, 'the kept address is gone');
  const left = world.sql(world.db, `SELECT COUNT(*) FROM contacts WHERE id = ${absorb};`);
  expect(left === '0', `the merged contact is still there (${left})`);
}

function seedAnswers(world) {
  // What the priorities flow saves; counts under 5 must show as "fewer than 5".
  const rows = [];
  const groups = [['roxbury', 'es', 8, ['housing', 'food']], ['mission_hill', 'en', 6, ['access_to_care', 'housing']],
    ['jamaica_plain', 'es', 3, ['youth']]];
  let n = 0;
  for (const [hood, language, people, categories] of groups) {
    for (let i = 0; i < people; i += 1) {
      n += 1;
      const at = Date.UTC(2026, n % 3, 1 + (n % 27));
      rows.push(`INSERT INTO contacts (uuid, created_at) VALUES ('seed-${n}', ${at});`);
      for (const category of categories) {
        rows.push(`INSERT INTO results (contact_id, flow, name, category, value, neighbourhood, language, in_reports, created_at)
          VALUES ((SELECT id FROM contacts WHERE uuid = 'seed-${n}'), 'priorities', 'priorities', '${category}', '${category}',
          '${hood}', '${language}', 1, ${at});`);
      }
    }
  }
  world.sql(world.db, `BEGIN;\n${rows.join('\n')}\nCOMMIT;`);
}

async function reportAndCsv(world) {
  seedAnswers(world);
  const page = world.staff;
  await page.goto(`${world.base}/#/reports`);
  await page.locator('main h1', { hasText: 'Community priorities' }).waitFor();
  await page.locator('svg.chart').first().waitFor();
  expect(await page.locator('svg.chart').count() >= 5, 'fewer charts than expected');
  expect(await page.getByText('fewer than 5').count() > 0, 'no suppressed count shown');
  await shot(world, page, 'reports');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Download CSV').click()]);
  const file = path.join(world.downloads, download.suggestedFilename());
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8');
  expect(csv.startsWith('section,group,category,count'), `the CSV starts ${JSON.stringify(csv.slice(0, 40))}`);
  expect(csv.includes('by_neighbourhood,roxbury,housing,8'), 'the CSV lacks the Roxbury housing count');
  expect(csv.includes('fewer than 5'), 'the CSV shows small counts');
  expect(!/,[1-4]\r?\n/.test(csv), 'the CSV has a count under 5');
}

async function otherPagesRender(world) {
  const page = world.staff;
  const pages = [['overview', 'Overview'], ['contacts', 'Contacts'], ['flows', 'Flows'], ['people', 'Users and teams'],
    ['audit', 'Audit log'], ['requests', 'Requests']];
  for (const [route, title] of pages) {
    await page.goto(`${world.base}/#/${route}`);
    await page.locator('main h1', { hasText: title }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main .error').count() === 0, `${route} shows an error`);
    await shot(world, page, route);
  }
  await page.goto(`${world.base}/#/contacts`);
  await page.locator('main table a').first().click();
  await page.getByText('What is kept').waitFor();
  await shot(world, page, 'contact');

  await page.goto(`${world.base}/#/opportunities`);
  await page.getByLabel('Title').fill('Health fair, Nubian Square');
  await page.getByLabel('Where').fill('Nubian Square');
  await page.getByLabel('Starts').fill('2026-03-07T10:00');
  await page.getByLabel('Students wanted').fill('4');
  await page.getByLabel('Languages wanted (codes, separated by commas)').fill('es');
  await page.getByRole('button', { name: 'Post' }).click();
  await page.locator('table', { hasText: 'Health fair, Nubian Square' }).waitFor();
  await shot(world, page, 'opportunities');

  await page.goto(`${world.base}/#/audit`);
  await page.locator('td', { hasText: 'conversation.reply' }).first().waitFor();
}

async function studentSeesOnlyOwnRequests(world) {
  const { sam, kim } = world.users;
  world.sql(world.db, `
    INSERT INTO contacts (uuid, name, created_at) VALUES ('req-contact', 'Maria', 0);
    INSERT INTO requests (contact_id, topic, language, neighbourhood, details, status, assignee_id, created_at, updated_at)
      VALUES ((SELECT id FROM contacts WHERE uuid = 'req-contact'), 'access_to_care', 'es', 'roxbury',
              'Sam''s request: a Spanish-speaking clinic', 'accepted', ${sam}, 1, 1);
    INSERT INTO requests (contact_id, topic, language, neighbourhood, details, status, assignee_id, created_at, updated_at)
      VALUES ((SELECT id FROM contacts WHERE uuid = 'req-contact'), 'food', 'en', 'mission_hill',
              'Kim''s request: a food pantry', 'offered', ${kim}, 1, 1);`);
  const kimsRequest = Number(world.sql(world.db, `SELECT id FROM requests WHERE assignee_id = ${kim};`));
  const context = await world.browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await signIn(world, context, 'sam@example.org');
  await page.locator('main h1', { hasText: 'My requests' }).waitFor();
  const nav = await page.locator('#nav').textContent();
  expect(!nav.includes('Inbox') && !nav.includes('Contacts'), `a student's menu shows ${nav}`);
  await page.locator('.board li').first().waitFor();
  const board = await page.locator('.board').textContent();
  expect(board.includes('access_to_care') && !board.includes('food'), `the student's board shows: ${board}`);
  await shot(world, page, 'student-requests');
  await page.goto(`${world.base}/#/requests/${kimsRequest}`);
  await page.locator('main h1', { hasText: 'Not allowed' }).waitFor();
  const status = await page.evaluate(async (id) => (await fetch(`/api/requests/${id}`)).status, kimsRequest);
  expect(status === 403, `the API answered ${status} for another student's request`);
  await page.goto(`${world.base}/#/inbox`);
  await page.locator('main h1', { hasText: 'Not allowed' }).waitFor();
  await page.goto(`${world.base}/#/requests`);
  await page.locator('.board a').first().click();
  await page.getByText("Sam's request").waitFor();
  expect(!(await page.locator('main').textContent()).includes('+1617'), 'a phone number reached a student');
  await context.close();
}

async function worksAt360px(world) {
  const context = await world.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await signIn(world, context, 'ana@example.org');
  await page.locator('main h1', { hasText: 'Inbox' }).waitFor();
  await page.locator('.inbox li').first().waitFor();
  const overflow = async () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await overflow() <= 1, `the inbox scrolls sideways by ${await overflow()} px at 360 px`);
  await shot(world, page, 'mobile-inbox');
  await page.locator('.inbox li a').first().click();
  await page.getByLabel('Reply as yourself').waitFor();
  expect(await overflow() <= 1, `the conversation scrolls sideways by ${await overflow()} px at 360 px`);
  expect(await page.getByLabel('Reply as yourself').isVisible(), 'the reply box is not visible');
  await shot(world, page, 'mobile-conversation');
  await page.goto(`${world.base}/#/reports`);
  await page.locator('svg.chart').first().waitFor();
  expect(await overflow() <= 1, `the report scrolls sideways by ${await overflow()} px at 360 px`);
  await context.close();
}

async function webChat(world) {
  const context = await world.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${world.base}/chat`);
  await page.getByLabel('Your message').fill('Hola');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.locator('.messages li.out').first().waitFor();
  await page.locator('.choices button', { hasText: 'Español' }).waitFor();
  await shot(world, page, 'chat');
  await page.locator('.choices button', { hasText: 'Español' }).click();
  await page.locator('.messages li.out', { hasText: /español/i }).first().waitFor();
  const visitor = await page.evaluate(() => localStorage.getItem('stoop-visitor-web'));
  expect(/^[A-Za-z0-9_-]{16,}$/.test(visitor || ''), `no visitor token kept: ${visitor}`);
  await page.reload();
  await page.locator('.messages li.in', { hasText: 'Hola' }).waitFor();
  await page.getByLabel('Idioma').selectOption('vi'); // the page speaks Spanish now
  await page.locator('#chat-title', { hasText: 'Trò chuyện' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 1, 'the chat scrolls sideways');
  await shot(world, page, 'chat-vietnamese');
  await context.close();
}

async function labelsAndKeyboard(world) {
  const page = world.staff;
  for (const route of ['inbox', 'reports', 'people', 'opportunities', 'contacts']) {
    await page.goto(`${world.base}/#/${route}`);
    await page.locator('main h1').waitFor();
    await page.waitForLoadState('networkidle');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.name || el.outerHTML.slice(0, 60)));
    expect(unlabelled.length === 0, `${route} has controls without a label: ${unlabelled.join(', ')}`);
  }
  await page.goto(`${world.base}/#/inbox`);
  await page.locator('main h1', { hasText: 'Inbox' }).waitFor();
  const first = await page.evaluate(() =>
    document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').textContent.trim());
  expect(first === 'Skip to content', `the first thing to focus is "${first}"`);
  // After a navigation focus is on the page's content, so Tab goes to its first control.
  await page.keyboard.press('Tab');
  const next = await page.evaluate(() => document.activeElement.labels?.[0]?.textContent || document.activeElement.textContent);
  expect(next.trim() === 'Status', `Tab went to "${next}" instead of the first filter`);
  // The inbox can be used without a mouse: tab to the first conversation and open it.
  await page.locator('.inbox li a').first().focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Reply as yourself').waitFor();
  expect(!(world.pageErrors || []).length, `script errors: ${(world.pageErrors || []).join('; ')}`);
}

export const scenarios = [
  ['staff sign in (and a wrong password is refused)', staffSignsIn],
  ['an SMS through the Twilio webhook appears in the inbox without a reload', smsAppearsWithoutReload],
  ['a staff reply reaches the fake provider and pauses the bot', replyReachesTheProvider],
  ['assign, label and resolve', assignAndResolve],
  ['a message containing <script> shows as text', scriptShowsAsText],
  ['a photo shows as an attachment; staff merge two contacts of one person', attachmentAndMerge],
  ['the priorities report draws charts and the CSV downloads', reportAndCsv],
  ['overview, contacts, flows, users, audit, requests and opportunities pages', otherPagesRender],
  ['a student sees only their own requests and cannot open another\'s', studentSeesOnlyOwnRequests],
  ['the dashboard works at 360 px', worksAt360px],
  ['the web chat at 360 px, with choices and the language picker', webChat],
  ['labels on every control and keyboard use', labelsAndKeyboard],
];
