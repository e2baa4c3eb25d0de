// Sample posts shared by the e2e tests, the demo and the benchmark.
export const BAD_TEXT = 'Lovely lady in bed 4 today, her NHS number is 943 476 5919 so lucky';
export const CLEAN_TEXT = 'Lovely sunny walk by the river this morning';
