// Display names for the codes flows save (categories, neighbourhoods, languages).
const names = {
  access_to_care: 'Access to care', food: 'Food', housing: 'Housing', mental_health: 'Mental health',
  violence_safety: 'Violence and safety', environment_air: 'Environment and air', youth: 'Youth',
  older_adults: 'Older adults', language_access: 'Language access', other: 'Other',
  roxbury: 'Roxbury', mission_hill: 'Mission Hill', jamaica_plain: 'Jamaica Plain',
  en: 'English', es: 'Español', ht: 'Kreyòl ayisyen', kea: 'Kriolu', zh: '中文', vi: 'Tiếng Việt',
};

export function label(code) {
  if (code === '' || code === null || code === undefined) return 'Not given';
  if (names[code]) return names[code];
  const words = String(code).replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
