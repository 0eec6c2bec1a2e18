/** Levels are data (docs/units-csv.md); the usual three have names, any other shows as written. */
export const LEVEL_KEYS = {
  province: 'levelProvince',
  district: 'levelDistrict',
  commune: 'levelCommune',
} as const;

export function levelName(
  level: string,
  t: (key: (typeof LEVEL_KEYS)[keyof typeof LEVEL_KEYS]) => string,
): string {
  return Object.hasOwn(LEVEL_KEYS, level) ? t(LEVEL_KEYS[level as keyof typeof LEVEL_KEYS]) : level;
}
