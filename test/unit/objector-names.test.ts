/** An objection is taken only under a real name (CONTRACT §6; attack review of issue 21: 匿名 was taken as a name). */
import { describe, expect, it } from 'vitest';
import { objectorNameProblem } from '../../shared/domain/objections';

describe('objectorNameProblem', () => {
  it('refuses nothing, a word for no one, and a masked name', () => {
    for (const name of ['', '   ', '匿名', '无名氏', '佚名', '无', '不详', '某某', 'Anonymous', 'N/A', ' 匿 名 ', '张*', '王某', '李＊五']) {
      expect(objectorNameProblem(name), name).not.toBeNull();
    }
  });

  it('takes a person\'s name, Chinese or not', () => {
    for (const name of ['李四', '欧阳小明', '阿卜杜拉·买买提', 'Zhang Wei', '无忌']) expect(objectorNameProblem(name), name).toBeNull();
  });
});

describe('objectorNameProblem, as an attacker writes no name (attack review of issue 21)', () => {
  it('refuses marks, numbers, one character, phrases for no one, full-width and zero-width disguises', () => {
    for (const name of ['-', '。', 'x', '123', '李', '群众来信', '一位市民', '不愿透露姓名', '匿名人士', '（匿名）', 'ｎｏｎｅ', '匿\u200b名', '举报人']) {
      expect(objectorNameProblem(name), name).not.toBeNull();
    }
  });
});
