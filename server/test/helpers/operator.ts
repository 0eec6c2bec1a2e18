// The operator's token the tests start servers with, and the header that presents it.
export const METRICS_TOKEN = 'test-operator-token-0123456789abcdef';
export const OPERATOR = { authorization: `Bearer ${METRICS_TOKEN}` };
