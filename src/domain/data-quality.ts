/**
 * The provincial credit platform's data-quality targets (信用平台服务功能, 工作计划 9): the share of
 * qualified data (合格率) at 98 %, and of data on time (及时率) at 80 % for road and waterway
 * transport. Each device's figures are shown against them.
 */
export const DATA_QUALITY_TARGETS = Object.freeze({ validShare: 0.98, timelyShare: 0.8 });
