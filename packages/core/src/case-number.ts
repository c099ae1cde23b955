/** People-readable case number: `KH-2026-000123` (jurisdiction code, year, sequence in that year). */
export function formatCaseNumber(jurisdictionCode: string, year: number, seq: number): string {
  return `${jurisdictionCode.toUpperCase()}-${year}-${String(seq).padStart(6, '0')}`;
}

/** The calendar year of an instant in Asia/Shanghai, whatever the server's time zone. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();
}
