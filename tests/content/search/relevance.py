"""The relevance set: queries as residents type or say them → the record they mean.

Each case names its record by a piece of its title that no other demo record has. The
figures: top-1 (the record is first), top-3 (among the first three) and MRR (mean of
1/rank, 0 when not in the first ten). Used by the test and by bench/search.py.
"""
CASES = [
    # words as in the catalogue
    ("最低生活保障", "最低生活保障申请"),
    ("高龄津贴", "高龄津贴申领"),
    ("生育登记", "生育登记"),
    ("居住证", "居住证办理"),
    ("临时救助", "临时救助申请"),
    ("宅基地建房", "农村宅基地用地建房申请"),
    ("耕地地力保护补贴", "耕地地力保护补贴信息变更"),
    ("异地就医备案", "跨省异地就医备案"),
    ("残疾人两项补贴", "残疾人两项补贴申请"),
    ("特困供养", "特困人员救助供养申请"),
    # colloquial names and synonyms
    ("低保", "最低生活保障申请"),
    ("医保", "城乡居民基本医疗保险参保登记"),
    ("社保卡", "高龄津贴申领"),
    ("优待证", "优待证申领"),
    ("退伍军人", "优待证申领"),
    ("准生证", "生育登记"),
    ("暂住证", "居住证办理"),
    ("丧葬费", "殡葬补助申领"),
    ("外地看病", "跨省异地就医备案"),
    ("种粮补贴", "耕地地力保护补贴信息变更"),
    ("失业证", "《就业创业证》申领"),
    ("五保户", "特困人员救助供养申请"),
    ("养老保险", "城乡居民基本养老保险参保登记"),
    ("盖房子", "农村宅基地用地建房申请"),
    ("找工作", "就业援助岗位信息"),
    ("没水", "临时停水通知"),
    ("骗子", "防范电信网络诈骗"),
    ("修路", "中标候选人公示"),
    ("修房子", "危房改造补助对象公示"),
    ("烧山", "森林防火提示"),
    # questions and filler
    ("低保怎么办", "最低生活保障申请"),
    ("低保申请", "最低生活保障申请"),
    ("我想办低保", "最低生活保障申请"),
    ("80岁", "高龄津贴申领"),
    ("80岁老人有什么补贴", "高龄津贴申领"),
    ("生小孩要带什么", "生育登记"),
    ("居住证怎么办理", "居住证办理"),
    ("医保在哪里交", "城乡居民医保参保缴费提醒"),
    ("低保名单", "城乡低保新增对象公示"),
    ("低保公示", "城乡低保新增对象公示"),
    ("救灾资金发放", "强降雨灾害救灾资金发放情况"),
    ("老人幸福院", "互助养老服务点名单"),
    ("办事大厅几点上班", "大厅改造期间办公安排"),
    ("退伍军人优待证怎么申请", "优待证申领"),
    # 繁體 and full-width
    ("養老保險", "城乡居民基本养老保险参保登记"),
    ("醫保繳費", "城乡居民医保参保缴费提醒"),
    ("臨時救助", "临时救助申请"),
    ("ｄｉｂａｏ", "最低生活保障申请"),
    # pinyin, initials, mixed
    ("dibao", "最低生活保障申请"),
    ("yibao", "城乡居民基本医疗保险参保登记"),
    ("gaolingjintie", "高龄津贴申领"),
    ("juzhuzheng", "居住证办理"),
    ("shengyudengji", "生育登记"),
    ("glbt", "高龄津贴申领"),
    ("syd", "生育登记"),
    ("lsjz", "临时救助申请"),
    ("di保", "最低生活保障申请"),
    ("gao龄津贴", "高龄津贴申领"),
    ("zhaijidi", "农村宅基地用地建房申请"),
    ("tingshui", "临时停水通知"),
    # typos: homophones, a character wrong, missing or extra, pinyin one letter off
    ("最低生活保账", "最低生活保障申请"),
    ("高龄津帖", "高龄津贴申领"),
    ("居往证", "居住证办理"),
    ("临时求助", "临时救助申请"),
    ("生育登计", "生育登记"),
    ("宅基地审枇", "宅基地审批结果公示"),
    ("异地就医备", "跨省异地就医备案"),
    ("gaolingjintei", "高龄津贴申领"),
    ("shengyudenji", "生育登记"),
    ("juzhuzhen", "居住证办理"),
]


def evaluate(search, cases=CASES):
    """(top-1, top-3, MRR, misses) of `search(query) → titles, best first` over the cases."""
    top1 = top3 = 0
    reciprocal, misses = 0.0, []
    for query, wanted in cases:
        titles = search(query)[:10]
        rank = next((n for n, title in enumerate(titles, 1) if wanted in title), None)
        top1 += rank == 1
        top3 += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0
        if not rank or rank > 3:
            misses.append((query, wanted, rank, titles[:3]))
    n = len(cases)
    return top1 / n, top3 / n, reciprocal / n, misses
