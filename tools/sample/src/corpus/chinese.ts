import type { LanguageCorpus } from './corpus-types.js';

export const chinese: LanguageCorpus = {
  frames: [
    '今天天气很好，我们去公园散步吧。',
    '刚刚看完这部电影，结局太感人了。',
    '周末一起去吃火锅吗？',
    '最近在学习{t}，感觉很有意思。',
    '这家咖啡店的拿铁真好喝。',
    '下班了，终于可以休息一下。',
    '有人推荐关于{t}的书吗？',
    '今天花了一整天研究{t}。',
    '我家的猫又睡在键盘上了。',
    '早上好！今天也要加油。',
    '外面下雨了，适合在家看书。',
    '第一次尝试{t}，比想象中难。',
  ],
  topics: ['编程', '摄影', '咖啡', '音乐', '做饭', '跑步', '书法', '开源软件', '天文', '历史'],
  extras: ['大家觉得呢？', '强烈推荐。', '下次再来。'],
  hashtags: ['摄影', '读书', '猫'],
  bursts: {},
  people: [
    { username: 'wei', displayName: '伟' },
    { username: 'fang', displayName: '芳' },
    { username: 'lei', displayName: '磊' },
    { username: 'jing', displayName: '静' },
    { username: 'hao', displayName: '浩' },
    { username: 'mei', displayName: '梅' },
  ],
  notes: ['程序员，喜欢摄影。', '读书，跑步，咖啡。'],
  instances: ['cmx.example'],
  altTexts: ['一杯拿铁咖啡。'],
};
