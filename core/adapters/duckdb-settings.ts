// DuckDB settings Sluice applies to every workspace, in one place (the adapter applies them; the pipeline's
// config table and the CLI's help show the default).
//
// Measured on the 10M-row / 1.4 GB orders file (scripts/bench, suite openValidate; README "Benchmarks"): the
// process's peak RSS is ≈120 MB of Node and libraries, plus DuckDB's buffer pool up to the memory limit, plus
// what glibc's malloc keeps after DuckDB frees it. With a 256 MB limit and DuckDB's default allocator
// thresholds the peak was 545 MB at 10M rows against 312 MB at 1M (1.75×); with flushes at 16 MB it is 374 MB
// against 303 MB at a 160 MB limit (1.23×), 433 against 301 MB at 192 MB, 491 against 297 MB at 256 MB, at the
// same speed. 128 MB was as flat but too tight for what cannot spill: count(DISTINCT) over 10M keys ran out.

/** DuckDB's memory limit in MB unless SLUICE_MEMORY_LIMIT_MB says otherwise. */
export const DEFAULT_MEMORY_LIMIT_MB = 160;

/**
 * DuckDB returns memory to the allocator in bulk; without jemalloc (the npm build uses glibc's malloc) a freed
 * block stays in the process until DuckDB asks for a flush, which it does past these thresholds (defaults 128
 * and 512 MiB: larger than the whole buffer pool here, so the freed memory piled up beside it).
 */
export const ALLOCATOR_SETTINGS: Readonly<Record<string, string>> = {
  allocator_flush_threshold: '16MiB',
  allocator_bulk_deallocation_flush_threshold: '16MiB',
};
