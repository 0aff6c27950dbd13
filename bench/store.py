"""Store benchmark: insert, update, publish and search latency of the real server at N records.

Usage: .venv/bin/python bench/store.py [--sizes 1000,10000] [--samples 300] [--quick] [--keep]

For each size N (and once more at the largest size with every record in one township, the
worst case for a township kiosk's search) the script:

1. once per run, in a template data dir and with the server's own environment
   (KIOSK_DEMO=0, KIOSK_DATA_DIR, county QX 青溪县), runs the management commands
   `python run.py create-token bench` (county admin, the author),
   `create-token bench-reviewer --role reviewer` (the author may not approve) and
   `create-org CODE NAME` for 20 townships (several at once; they take the store's lock);
   each scenario starts from a copy of that dir (same files, same tokens: ~1 s of CPU per
   command adds up on two cores);
2. preloads all but the last --http-inserts records OFFLINE, before the server starts:
   this process opens the data dir with content.open_content and calls the product's own
   Library.create / Library.transition (submit, approve) for each record, exactly as the
   demo loader does. To keep a 10k run short, os.fsync is a no-op during the preload and
   TinyDB file rewrites are deferred to one write per file at the end (then os.sync()):
   the files are the same bytes those calls write one by one (db/items/*.json shards,
   db/meta.json, journal/revisions/<id>.jsonl, journal/audit.jsonl); only the
   durability and the time differ. Preload time is printed but is not a latency figure;
3. starts the real server (`python run.py`, gevent) on a free port and measures over HTTP,
   one request at a time, wall time from sending the request until the whole response is
   read (the client runs on the same machine). Each user has a keep-alive
   requests.Session. Where a row says "new conn" the request carries `Connection: close`,
   so each one opens a new TCP connection (~0.1 ms on loopback):
   - GET /healthz, 50 each way (fewer with --quick): a request before any store work;
   - insert: POST /api/v1/items for the last --http-inserts records up to N (all of them
     when N <= --http-inserts): keep-alive, then the final fifth (at most 100) on new
     connections; the last 500 (or fewer) keep-alive inserts are reported again;
   - update: PUT /api/v1/items/<id> with If-Match on --samples random records at size N,
     each way, sending the whole record as the staff form does, with a changed summary;
   - publish: submit (author) + approve (reviewer) of drafts over HTTP, on new
     connections: --publish-http of them, or more when needed so that at least 60% of N
     is public; the preloaded records were published at the same 70% rate offline. After
     each approve a GET /healthz is timed too: it waits for whatever the approve set off
     in the server's background (the screens' scheduler recomputes the public set);
   - search: GET /api/v1/search?q=... (public, no token). The first search after the
     publishes is timed alone: it rebuilds the public set and the search index from cold
     (a fresh server has no index). Then the same plan of --samples queries without org
     and --samples with org=<a township> (a township kiosk), rotating through 简体 words,
     繁體 words, full pinyin and initials, once keep-alive and once on new connections;
     finally 5 times "approve one more record, then time the next search" (the rebuild a
     publish costs a running server whose index entries are warm);
   Why both ways: keep-alive is what kiosks, browsers and nginx do; a new connection per
   request shows the server's cost without connection reuse. (A gap between the two once
   exposed a 40 ms delayed-ACK stall; the server now sets TCP_NODELAY.)
4. stops the server and reports the file sizes of db/items/*.json (total, largest shard),
   db/ and journal/, the server's RSS before stopping, and the machine's load average.

Every figure is printed as median, p95, p99 and max in milliseconds. Nothing is asserted;
the targets of the issue (at 10k records on the 2-core machine: update p95 < 100 ms,
search p95 < 30 ms) are reported as met or missed.
"""
import argparse
import concurrent.futures
import contextlib
import copy
import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import bearer_session, load_text, megabytes, print_table, summary  # noqa: E402
from tests.server import ServerProcess  # noqa: E402

COUNTY = ("QX", "青溪县")
TOWNSHIPS = [("QX-DT", "东塘镇"), ("QX-LS", "柳山乡"), ("QX-HX", "河西街道"), ("QX-SQ", "石桥镇"),
             ("QX-FL", "枫林乡"), ("QX-SF", "上坊镇"), ("QX-XW", "下湾乡"), ("QX-XH", "新河镇"),
             ("QX-QH", "青禾乡"), ("QX-BS", "白沙镇"), ("QX-TY", "桃源乡"), ("QX-LJ", "龙井镇"),
             ("QX-NL", "南岭乡"), ("QX-BG", "北港镇"), ("QX-JT", "金田乡"), ("QX-YX", "云溪镇"),
             ("QX-ZY", "竹园乡"), ("QX-GP", "高坪镇"), ("QX-ML", "梅岭乡"), ("QX-SG", "双港街道")]
COUNTY_ENV = {"KIOSK_ORG_CODE": COUNTY[0], "KIOSK_ORG_NAME": COUNTY[1]}
TARGETS = {"update": 0.100, "search": 0.030}  # p95 at 10k records, from the issue
PUBLISHED, IN_REVIEW = 0.70, 0.05  # share of records taken through review
QUERIES = {
    "zh": ["低保", "养老保险", "公示", "道路硬化", "宅基地", "医疗救助", "财政", "招标", "补贴",
           "停水", "防汛", "就业", "危房改造", "殡葬", "居住证", "疫苗接种", "村庄规划", "高龄津贴",
           "{town} 低保", "{town} 公示"],
    "繁": ["養老保險", "醫療救助", "財政預算", "宅基地審批", "殯葬補助", "危房改造補助", "道路硬化工程",
          "防汛應急", "就業援助", "臨時救助", "居住證", "計劃生育", "食品安全監督", "災害救助"],
    "pinyin": ["dibao", "yanglao", "yiliao", "zhaijidi", "gongshi", "butie", "fangxun", "jiuye",
               "daolu", "tingshui", "yanglaobaoxian", "caizheng", "weifang", "gaoling"],
    "initials": ["db", "ylbx", "zjd", "gs", "bt", "fx", "jy", "czys", "wfgz", "gljt", "ylbz", "jzz"],
}


# --- realistic records -------------------------------------------------------------------

VILLAGES = ["石桥村", "枫林村", "上坊村", "下湾村", "荷塘村", "新河村", "柳溪村", "桂花村", "龙潭村",
            "杨梅村", "茶园村", "沙洲村", "松岗村", "黄泥村", "白鹭村", "清水村", "大塘村", "马鞍村",
            "凤凰村", "金竹村", "东塘社区", "滨河社区", "南门社区", "槐树村", "竹林村", "高桥村"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林钟曾彭"
GIVEN = "华明英平林芳军强秀兰红春桂生福"
QUARTERS = "一二三四"
# title pattern, area, stage, table, department suffix, tags
TOPICS = [
    ("{year}年第{q}季度城乡低保新增对象公示", "社会救助", "result", "households", "社会事务办公室", ["低保", "社会救助"]),
    ("{year}年{village}道路硬化工程中标候选人公示", "公共资源交易", "result", "projects", "规划建设办公室", ["招投标", "道路硬化"]),
    ("{year}年耕地地力保护补贴发放结果公示", "涉农补贴", "result", "villages", "农业农村综合服务中心", ["补贴", "涉农"]),
    ("{year}年防汛应急避险转移路线通告", "救灾", "execution", "villages", "应急管理办公室", ["防汛", "应急"]),
    ("{year}年部门预算公开", "财政预决算", "decision", "budget", "财政所", ["预算", "财政"]),
    ("{year}年度部门决算公开", "财政预决算", "result", "budget", "财政所", ["决算", "财政"]),
    ("{year}年上半年财政专项资金使用情况", "财政收支与专项资金", "management", "projects", "财政所", ["专项资金"]),
    ("{year}年农村危房改造补助对象公示", "农村危房改造", "result", "households", "规划建设办公室", ["危房改造"]),
    ("{year}年{month}月农村宅基地审批结果公示", "土地利用规划与宅基地审核", "result", "households", "自然资源所", ["宅基地"]),
    ("{village}村庄规划（{year}—2035年）草案公示", "城乡规划", "decision", "villages", "规划建设办公室", ["村庄规划"]),
    ("{year}年第{q}季度安全生产执法检查结果", "安全生产", "result", "projects", "应急管理办公室", ["安全生产"]),
    ("{year}年秋季就业援助岗位信息", "就业", "service", "jobs", "社会保障服务中心", ["就业", "招聘"]),
    ("{year}年度计划生育家庭奖励扶助新增对象公示", "计划生育", "result", "households", "卫生健康办公室", ["计划生育"]),
    ("{village}集体门面公开招租结果公示", "集体企业承包租赁", "result", "projects", "农村经营管理站", ["招租"]),
    ("{year}年{month}月临时救助发放情况", "社会救助", "result", "households", "社会事务办公室", ["临时救助"]),
    ("{year}年第{q}季度高龄津贴发放名单公示", "养老服务", "result", "households", "社会事务办公室", ["高龄津贴", "养老"]),
    ("{village}饮水安全巩固提升工程建设情况", "重大建设项目", "execution", "projects", "规划建设办公室", ["饮水安全"]),
    ("{year}年第{q}季度食品安全监督抽检结果", "食品药品监管", "result", "projects", "市场监管所", ["食品安全"]),
    ("{year}年{month}月暴雨灾害救助资金发放情况", "抢险救灾与救济款物", "result", "villages", "应急管理办公室", ["救灾"]),
    ("{year}年度村级债权债务及筹资筹劳情况", "债权债务与筹资筹劳", "result", "villages", "农村经营管理站", ["债权债务"]),
    ("{year}年义务教育学校招生入学工作方案", "义务教育", "decision", "villages", "党政综合办公室", ["招生", "教育"]),
    ("{village}集体土地征收补偿安置方案公示", "征地补偿", "decision", "households", "自然资源所", ["征地补偿"]),
    ("{year}年家庭医生签约服务团队及服务内容", "卫生健康", "service", "jobs", "卫生院", ["家庭医生"]),
    ("{year}年第{q}季度公益文化活动安排", "公共文化服务", "service", "villages", "综合文化站", ["文化活动"]),
    ("{year}年残疾人两项补贴发放名单公示", "社会救助", "result", "households", "社会事务办公室", ["残疾人", "补贴"]),
    ("{year}年城乡居民医疗保险参保缴费情况", "社会保险", "management", "villages", "社会保障服务中心", ["医保"]),
    ("{year}年城乡居民养老保险待遇发放情况", "社会保险", "result", "villages", "社会保障服务中心", ["养老保险"]),
    ("{year}年保障性住房分配结果公示", "保障性住房", "result", "households", "规划建设办公室", ["保障房"]),
]
TABLES = {
    "households": ("| 村（社区） | 户主 | 家庭人口 | 类别 | 金额（元） |\n|---|---|---:|---|---:|",
                   lambda r: f"| {r.choice(VILLAGES)} | {_person(r)} | {r.randint(1, 6)} | "
                             f"{r.choice(['城市', '农村', '单人保', '分散供养'])} | {r.randint(300, 4000)} |"),
    "projects": ("| 项目名称 | 实施地点 | 建设内容 | 金额（万元） | 进度 |\n|---|---|---|---:|---|",
                 lambda r: f"| {r.choice(['道路硬化', '水渠清淤', '路灯安装', '桥梁维修', '饮水管网改造'])}工程 | "
                           f"{r.choice(VILLAGES)} | {r.randint(1, 9)}.{r.randint(0, 9)}公里 | "
                           f"{r.randint(5, 300)}.{r.randint(10, 99)} | {r.choice(['已完工', '在建', '已验收'])} |"),
    "villages": ("| 村（社区） | 户数 | 面积（亩） | 金额（元） |\n|---|---:|---:|---:|",
                 lambda r: f"| {r.choice(VILLAGES)} | {r.randint(20, 400)} | {r.randint(100, 3000)}.{r.randint(0, 9)} | "
                           f"{r.randint(10, 300)},{r.randint(100, 999)}.{r.randint(10, 99)} |"),
    "budget": ("| 科目 | 上年决算（万元） | 本年预算（万元） | 增减（%） |\n|---|---:|---:|---:|",
               lambda r: f"| {r.choice(['一般公共服务', '公共安全', '教育', '社会保障和就业', '卫生健康', '农林水', '城乡社区'])}支出 | "
                         f"{r.randint(20, 900)}.{r.randint(10, 99)} | {r.randint(20, 900)}.{r.randint(10, 99)} | "
                         f"{r.randint(-20, 30)}.{r.randint(0, 9)} |"),
    "jobs": ("| 岗位或团队 | 人员 | 服务内容 | 联系电话 |\n|---|---|---|---|",
             lambda r: f"| {r.choice(['保洁员', '护林员', '家庭医生团队', '公益性岗位', '网格员'])} | {_person(r)} | "
                       f"{r.choice(['健康咨询、慢病随访', '道路保洁', '森林巡护', '政策宣传'])} | 0795-62{r.randint(10000, 99999)} |"),
}
INTROS = ["根据《中华人民共和国政府信息公开条例》和上级有关规定，经个人申请、入户调查、信息核对和民主评议，现将{town}{what}公示如下：",
          "为保障群众的知情权、参与权和监督权，经{town}党政联席会议研究同意，现将{what}予以公开：",
          "按照县委、县政府工作部署，{town}认真组织实施{what}，现将有关情况公告如下："]
CLOSINGS = ["**公示期**：{start}至{end}（7天）。公示期内如有异议，请向{dept}或青溪县相关部门实名反映，我们将逐一核实，并为反映人保密。",
            "> 温馨提示：补贴、救助资金不需要任何人“代办”、不收取任何费用，谨防诈骗。",
            "群众可在工作日到{town}便民服务中心咨询，也可在“赣服通”青溪分厅查询本户明细。"]
NOTICES = [
    ("{town}便民服务中心{year}年{holiday}假期办公安排", ["节假日", "办公安排"]),
    ("{village}片区临时停水通知", ["停水"]),
    ("{village}片区计划停电通知", ["停电"]),
    ("{year}年度城乡居民医保缴费提醒", ["医保", "缴费"]),
    ("{town}秋冬季森林防火提示", ["森林防火"]),
    ("防范电信网络诈骗提示：{village}群众请注意", ["反诈"]),
    ("{town}{year}年流感疫苗接种安排", ["疫苗接种"]),
    ("关于{town}便民服务中心窗口调整的公告", ["窗口调整"]),
]
NOTICE_LINES = ["请广大群众提前做好准备，给您带来的不便，敬请谅解。",
                "- **{month}月{day}日**起正常办理，全部窗口开放；",
                "- 急办事项请拨打值班电话 **0795-62{phone}**（24小时）；",
                "1. 社保医保缴费、生育登记等事项可在“赣服通”青溪分厅网上办理；",
                "2. 殡葬服务、防汛救灾等紧急事项，值班人员将第一时间协调处理。",
                "具体时间以现场通知为准，如有疑问请咨询{town}便民服务中心。"]


def _person(r):
    return r.choice(SURNAMES) + (r.choice(["某某", "*" + r.choice(GIVEN)]))


def _demo_guides():
    raw = json.loads((ROOT / "content" / "demo" / "records.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in g.items() if not k.startswith("_")} for g in raw if g["kind"] == "guide"]


def _retown(value, town):
    if isinstance(value, str):
        for name in ("东塘镇", "柳山乡", "河西街道"):
            value = value.replace(name, town)
        return value
    if isinstance(value, list):
        return [_retown(v, town) for v in value]
    if isinstance(value, dict):
        return {k: _retown(v, town) for k, v in value.items()}
    return value


class RecordMaker:
    """Record payloads like the demo content: ~75% disclosures, ~17% guides, ~8% notices."""

    def __init__(self, rng, one_township, townships):
        self.rng = rng
        self.townships = townships[:1] if one_township else townships
        self.one_township = one_township
        self.guides = _demo_guides()
        self.serial = 0

    def org(self):
        if not self.one_township and self.rng.random() < 0.05:
            return COUNTY
        return self.rng.choice(self.townships)

    def make(self, now):
        self.serial += 1
        roll = self.rng.random()
        org = self.org()
        maker = self.disclosure if roll < 0.75 else self.guide if roll < 0.92 else self.notice
        record = maker(org, now)
        record.update(self.window(now))
        if org == COUNTY and record["kind"] != "guide" and self.rng.random() < 0.5:
            record["all_townships"] = True
        return record

    def window(self, now):
        r = self.rng
        start = now - dt.timedelta(days=r.uniform(0, 400))
        window = {"publish_at": start.isoformat(timespec="seconds")}
        roll = r.random()
        if roll < 0.30:
            window["expire_at"] = (now + dt.timedelta(days=r.uniform(1, 60))).isoformat(timespec="seconds")
        elif roll < 0.35 and (now - start).days > 3:
            end = start + dt.timedelta(days=r.uniform(1, (now - start).days - 1))
            window["expire_at"] = end.isoformat(timespec="seconds")
        return window

    def words(self, org):
        r = self.rng
        return {"town": org[1], "year": r.choice([2023, 2024, 2025, 2026]), "q": r.choice(QUARTERS),
                "month": r.randint(1, 12), "day": r.randint(1, 21), "village": r.choice(VILLAGES),
                "holiday": r.choice(["元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"]),
                "phone": r.randint(10000, 99999)}

    def disclosure(self, org, now):
        r = self.rng
        pattern, area, stage, table, dept, tags = r.choice(TOPICS)
        w = self.words(org)
        what = pattern.format(**w)
        title = org[1] + what
        w["dept"] = org[1] + dept
        w["start"], w["end"] = f"{w['year']}年{w['month']}月{w['day']}日", f"{w['year']}年{w['month']}月{w['day'] + 7}日"
        head = r.choice(INTROS).format(what=what, **w)
        tail = "\n\n".join(c.format(**w) for c in r.sample(CLOSINGS, r.randint(1, 3)))
        contacts = f"- {w['dept']}：0795-62{r.randint(10000, 99999)}\n- 便民热线：12345"
        if r.random() < 0.2:
            contacts += f"\n- 联系人：{r.choice(SURNAMES)}老师 1{r.choice('3589')}{r.randint(100000000, 999999999)}"
        header, row = TABLES[table]
        rows, target = [], r.randint(300, 1500)
        while len(head) + len(header) + sum(len(x) + 1 for x in rows) + len(tail) + len(contacts) < target:
            rows.append(row(r))
        body = "\n\n".join([head, header + "\n" + "\n".join(rows or [row(r)]), tail, contacts])
        return {"org": org[0], "kind": "disclosure", "title": title,
                "summary": f"{org[1]}{what}，现予公开，接受群众监督。", "body": body,
                "department": w["dept"], "area": area, "stage": stage,
                "basis": "《中华人民共和国政府信息公开条例》第二十一条",
                "tags": tags + ["公示"] * (r.random() < 0.5),
                "record_url": f"https://www.qingxi.gov.cn/zwgk/{org[0].lower()}/{self.serial}.html",
                "formed_at": (now - dt.timedelta(days=r.randint(400, 500))).date().isoformat(),
                "channels": ["website", "board", "screen"]}

    def guide(self, org, now):
        guide = _retown(copy.deepcopy(self.rng.choice(self.guides)), org[1])
        guide["org"] = org[0]
        guide["code"] = f"{org[0]}-{guide['code'].split('-', 1)[1]}"
        return guide

    def notice(self, org, now):
        r = self.rng
        pattern, tags = r.choice(NOTICES)
        w = self.words(org)
        lines = [line.format(**w) for line in r.sample(NOTICE_LINES, r.randint(3, len(NOTICE_LINES)))]
        return {"org": org[0], "kind": "notice", "title": pattern.format(**w),
                "summary": f"{w['month']}月{w['day']}日起执行，请相互转告。", "body": "\n\n".join(lines),
                "department": f"{org[1]}便民服务中心", "tags": tags}

    def review_plan(self):
        """What happens to a new record: 'published', 'in_review' or 'draft'."""
        roll = self.rng.random()
        return "published" if roll < PUBLISHED else "in_review" if roll < PUBLISHED + IN_REVIEW else "draft"


@dataclass
class Tracked:
    rev: int
    status: str
    payload: dict


# --- setup and offline preload -----------------------------------------------------------

def set_up(server, townships):
    """County, author and reviewer tokens, townships: all through `python run.py ...`."""
    author = server.create_token("bench")  # the first command also creates the county
    jobs = [("create-token", "bench-reviewer", "--role", "reviewer")] + \
        [("create-org", code, name) for code, name in townships]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda args: server.run_command(*args, check=True), jobs))
    return author, results[0].stdout.strip()


@contextlib.contextmanager
def fast_preload_io():
    """No fsync, and one rewrite per TinyDB file at the end instead of one per change."""
    from content.storage import AtomicJSONStorage
    real_write, real_fsync, dirty = AtomicJSONStorage.write, os.fsync, {}

    def deferred_write(storage, data):
        storage._data = data  # the file's stamp is unchanged, so reads keep using this copy
        dirty[id(storage)] = storage

    AtomicJSONStorage.write, os.fsync = deferred_write, lambda fd: None
    try:
        yield
    finally:
        AtomicJSONStorage.write, os.fsync = real_write, real_fsync
        for storage in dirty.values():
            real_write(storage, storage._data)
        os.sync()


def preload(data_dir, count, maker, tracked):
    """Create (and review) `count` records in-process through the product's Library."""
    from content import open_content
    from content.dates import DEFAULT_TZ
    content = open_content(data_dir)
    library, accounts = content.library, content.accounts
    author, reviewer = accounts.actor("bench"), accounts.actor("bench-reviewer")
    with fast_preload_io():
        for _ in range(count):
            now = dt.datetime.now(DEFAULT_TZ)
            payload = maker.make(now)
            record = library.create(author, payload, now)
            plan = maker.review_plan()
            if plan != "draft":
                record = library.transition(author, record["id"], "submit", None, record["rev"], now)
            if plan == "published":
                record = library.transition(reviewer, record["id"], "approve", None, record["rev"], now)
            tracked[record["id"]] = Tracked(record["rev"], record["status"], payload)

# --- measuring over HTTP -------------------------------------------------------------------

MODES = ("keep-alive", "new conn")


class Client:
    """One keep-alive requests.Session per user; `fresh` asks for a new connection instead."""

    def __init__(self, url, author_token, reviewer_token):
        import requests
        self.url = url
        self.author = bearer_session(author_token)
        self.reviewer = bearer_session(reviewer_token)
        self.public = requests.Session()

    def call(self, session, method, path, expect=200, fresh=False, headers=None, **kwargs):
        """(seconds, response) from sending the request until the whole body is read."""
        import requests
        if fresh:  # a one-request session: connects, sends Connection: close, closes
            one = requests.Session()
            one.headers.update({**session.headers, "Connection": "close"})
            session = one
        started = time.perf_counter()
        response = session.request(method, self.url + path, timeout=300, headers=headers, **kwargs)
        elapsed = time.perf_counter() - started
        if fresh:
            session.close()
        if response.status_code != expect:
            raise RuntimeError(f"{method} {path} answered {response.status_code}: {response.text[:500]}")
        return elapsed, response


def measure_health(client, count, fresh):
    return [client.call(client.public, "GET", "/healthz", fresh=fresh)[0] for _ in range(count)]


def measure_inserts(client, maker, count, tracked, fresh=False):
    from content.dates import DEFAULT_TZ
    times = []
    for _ in range(count):
        payload = maker.make(dt.datetime.now(DEFAULT_TZ))
        elapsed, response = client.call(client.author, "POST", "/api/v1/items", 201, fresh, json=payload)
        record = response.json()
        tracked[record["id"]] = Tracked(record["rev"], record["status"], payload)
        times.append(elapsed)
    return times


def measure_updates(client, rng, tracked, samples, fresh):
    times = []
    for item_id in rng.sample(sorted(tracked), min(samples, len(tracked))):
        state = tracked[item_id]
        body = {**state.payload, "summary": state.payload["summary"] + f"（修订于rev {state.rev}）"}
        elapsed, response = client.call(client.author, "PUT", f"/api/v1/items/{item_id}", fresh=fresh,
                                        json=body, headers={"If-Match": f'"{state.rev}"'})
        state.rev, state.status = response.json()["rev"], response.json()["status"]
        times.append(elapsed)
    return times


def publish_one(client, item_id, state, submits, approves, after=None):
    elapsed, response = client.call(client.author, "POST", f"/api/v1/items/{item_id}/submit", fresh=True,
                                    headers={"If-Match": f'"{state.rev}"'})
    submits.append(elapsed)
    state.rev = response.json()["rev"]
    elapsed, response = client.call(client.reviewer, "POST", f"/api/v1/items/{item_id}/approve", fresh=True,
                                    headers={"If-Match": f'"{state.rev}"'})
    approves.append(elapsed)
    state.rev, state.status = response.json()["rev"], response.json()["status"]
    if after is not None:  # work the approve set off in the background shows up here
        after.append(client.call(client.public, "GET", "/healthz", fresh=True)[0])


def drafts(tracked):
    return sorted(i for i, s in tracked.items() if s.status == "draft")


def measure_publish(client, rng, tracked, count):
    submits, approves, after = [], [], []
    for item_id in rng.sample(drafts(tracked), min(count, len(drafts(tracked)))):
        publish_one(client, item_id, tracked[item_id], submits, approves, after)
    return submits, approves, after


def search_plan(rng, samples, org_codes, townships):
    """[(kind, query, org or None)]: `samples` without org and `samples` with one."""
    kinds = list(QUERIES)
    plan = []
    for with_org in (False, True):
        for n in range(samples):
            kind = kinds[n % len(kinds)]
            query = rng.choice(QUERIES[kind]).format(town=rng.choice(townships)[1])
            plan.append((kind, query, rng.choice(org_codes) if with_org else None))
    rng.shuffle(plan)
    return plan


def search(client, query, org=None, fresh=False):
    params = {"q": query, **({"org": org} if org else {})}
    elapsed, response = client.call(client.public, "GET", "/api/v1/search", fresh=fresh, params=params)
    return elapsed, response.json()["total"]


def measure_searches(client, plan, fresh):
    by_kind, by_org, hits = {}, {False: [], True: []}, []
    for kind, query, org in plan:
        elapsed, total = search(client, query, org, fresh)
        by_kind.setdefault(kind, []).append(elapsed)
        by_org[org is not None].append(elapsed)
        hits.append(total)
    return by_kind, by_org, hits


def measure_rebuilds(client, rng, tracked, rounds, submits, approves):
    """Approve one more record, then time the next search (a publish on a warm server)."""
    times = []
    for item_id in rng.sample(drafts(tracked), min(rounds, len(drafts(tracked)))):
        publish_one(client, item_id, tracked[item_id], submits, approves)
        times.append(search(client, rng.choice(QUERIES["zh"]).format(town="东塘镇"), fresh=True)[0])
    return times


# --- one scenario --------------------------------------------------------------------------

def file_sizes(data_dir):
    items = [p.stat().st_size for p in (data_dir / "db" / "items").glob("*.json")]
    db = sum(p.stat().st_size for p in (data_dir / "db").rglob("*") if p.is_file())
    journal = [p for p in (data_dir / "journal").rglob("*") if p.is_file()]
    audit = data_dir / "journal" / "audit.jsonl"
    return {"items": sum(items), "shards": len(items), "largest": max(items, default=0), "db": db,
            "journal": sum(p.stat().st_size for p in journal), "journal_files": len(journal),
            "audit": audit.stat().st_size if audit.exists() else 0}


def make_template(workdir, townships):
    """A data dir with the county, the townships and two tokens, made by run.py commands."""
    data_dir = Path(workdir) / "template" / "data"
    started = time.perf_counter()
    tokens = set_up(ServerProcess(data_dir, COUNTY_ENV), townships)
    print(f"setup: county, {len(townships)} townships, 2 tokens via run.py in "
          f"{time.perf_counter() - started:.1f} s (copied into each scenario's data dir)", flush=True)
    return data_dir, tokens


def run_scenario(size, one_township, opts, workdir, template):
    rng = random.Random(f"{opts.seed}-{size}-{one_township}")
    townships = TOWNSHIPS[:opts.townships]
    label = f"N={size:,}, " + (f"all in one township ({townships[0][1]})" if one_township
                               else f"{len(townships)} townships + county")
    data_dir = Path(tempfile.mkdtemp(prefix=f"store-{size}-{'one' if one_township else 'spread'}-",
                                     dir=workdir)) / "data"
    print(f"\n== {label} ==\ndata dir: {data_dir}", flush=True)
    shutil.copytree(template[0], data_dir)
    author_token, reviewer_token = template[1]
    server = ServerProcess(data_dir, COUNTY_ENV, log_path=data_dir.parent / "server.log")

    maker, tracked = RecordMaker(rng, one_township, townships), {}
    over_http = min(size, opts.http_inserts)
    fresh_inserts = min(100, over_http // 5)
    if size > over_http:
        started = time.perf_counter()
        preload(data_dir, size - over_http, maker, tracked)
        public = sum(s.status == "published" for s in tracked.values())
        print(f"preload (offline, in-process Library, fsync off): {size - over_http:,} records "
              f"({public:,} published) in {time.perf_counter() - started:.1f} s", flush=True)

    with server.start():
        client = Client(server.url, author_token, reviewer_token)
        health = {mode: measure_health(client, min(50, opts.samples), mode != MODES[0]) for mode in MODES}
        inserts = measure_inserts(client, maker, over_http - fresh_inserts, tracked)
        fresh = measure_inserts(client, maker, fresh_inserts, tracked, fresh=True)
        updates = {mode: measure_updates(client, rng, tracked, opts.samples, mode != MODES[0]) for mode in MODES}
        needed = int(0.6 * size) - sum(s.status == "published" for s in tracked.values())
        submits, approves, after = measure_publish(client, rng, tracked, max(opts.publish_http, needed))
        first = [search(client, "低保", fresh=True)[0]]
        org_codes = [code for code, _ in townships[:1 if one_township else None]]
        plan = search_plan(rng, opts.samples, org_codes, townships)
        searches = {mode: measure_searches(client, plan, mode != MODES[0]) for mode in MODES}
        rebuilds = measure_rebuilds(client, rng, tracked, 5, submits, approves)
        visible = client.call(client.public, "GET", "/api/v1/items", params={"per_page": 1})[1].json()["total"]
        rss = server.rss_bytes()

    end = size - fresh_inserts
    last = min(500, len(inserts))
    rows = [(f"GET /healthz, {mode}", health[mode]) for mode in MODES]
    rows += [(f"insert POST, keep-alive ({size - over_http + 1:,}..{end:,})", inserts),
             (f"insert POST, keep-alive, last {last} (..{end:,})", inserts[-last:]),
             (f"insert POST, new conn ({end + 1:,}..{size:,})", fresh)]
    rows += [(f"update PUT If-Match, {mode}", updates[mode]) for mode in MODES]
    rows += [("submit POST, new conn", submits), ("approve POST, new conn", approves),
             ("GET /healthz right after an approve, new conn", after),
             ("search, 1st after publish (cold index)", first),
             ("search right after 1 more approve (warm)", rebuilds)]
    for mode in MODES:
        rows += [(f"search q, {mode}", searches[mode][1][False]),
                 (f"search q + org=<township>, {mode}", searches[mode][1][True])]
    rows += [(f"  search {kind} queries, new conn", searches[MODES[1]][0][kind]) for kind in QUERIES]
    print_table(rows)

    hits = sorted(searches[MODES[1]][2])
    sizes = file_sizes(data_dir)
    print(f"files: items {megabytes(sizes['items'])} in {sizes['shards']} shards (largest "
          f"{megabytes(sizes['largest'])}); db/ {megabytes(sizes['db'])}; journal/ "
          f"{megabytes(sizes['journal'])} in {sizes['journal_files']:,} files (audit.jsonl "
          f"{megabytes(sizes['audit'])})")
    print(f"public records visible now: {visible:,} of {size:,}; search hits per query: median "
          f"{hits[len(hits) // 2]:,}, {sum(h == 0 for h in hits)} of {len(hits)} found nothing; "
          f"server RSS {megabytes(rss or 0)}; {load_text()}")
    result = {"label": label, "size": size,
              "update": {mode: summary(updates[mode]) for mode in MODES},
              "search": {mode: summary(searches[mode][1][False] + searches[mode][1][True]) for mode in MODES}}
    report_targets(result)
    if not opts.keep:
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    return result


def report_targets(result):
    if result["size"] < 10_000:
        return
    for what, limit in TARGETS.items():
        figures = ", ".join(f"{mode} {result[what][mode]['p95'] * 1000:.1f} ms "
                            f"({'meets' if result[what][mode]['p95'] < limit else 'MISSES'})" for mode in MODES)
        print(f"target {what} p95 < {limit * 1000:.0f} ms at 10k: {figures}")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="record counts, comma separated")
    parser.add_argument("--samples", type=int, default=300,
                        help="updates, and searches with and without org, per connection mode")
    parser.add_argument("--http-inserts", type=int, default=1000,
                        help="records inserted over HTTP at the end of each fill (the rest are preloaded)")
    parser.add_argument("--publish-http", type=int, default=100, help="drafts taken through submit+approve over HTTP")
    parser.add_argument("--townships", type=int, default=20, choices=range(1, len(TOWNSHIPS) + 1),
                        metavar="1-20")
    parser.add_argument("--no-worst-case", action="store_true",
                        help="skip the run with every record in one township (at the largest size)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 100 records (30 over HTTP), 10 samples, 2 townships")
    parser.add_argument("--keep", action="store_true", help="keep the data dirs (removed by default)")
    parser.add_argument("--seed", default="1")
    opts = parser.parse_args(argv)
    if opts.quick:
        opts.sizes, opts.samples, opts.http_inserts, opts.publish_http, opts.townships = "100", 10, 30, 10, 2
    opts.sizes = [int(s) for s in str(opts.sizes).split(",") if s.strip()]
    return opts


def main(argv=None):
    opts = parse_args(argv)
    workdir = tempfile.mkdtemp(prefix="kiosk-bench-")
    print(f"store benchmark: sizes {opts.sizes}, {opts.samples} samples; python {sys.version.split()[0]}; "
          f"work dir {workdir}\nstart: {load_text()}", flush=True)
    started = time.perf_counter()
    runs = [(size, False) for size in opts.sizes]
    if not opts.no_worst_case:
        runs.append((max(opts.sizes), True))
    template = make_template(workdir, TOWNSHIPS[:opts.townships])
    results = [run_scenario(size, one, opts, workdir, template) for size, one in runs]
    print("\n== summary: p95 in ms (keep-alive / new connection) ==")
    for r in results:
        print(f"{r['label']:<40} " + "   ".join(
            f"{what} {r[what][MODES[0]]['p95'] * 1000:6.1f} / {r[what][MODES[1]]['p95'] * 1000:6.1f}"
            for what in ("update", "search")))
    print(f"end: {load_text()}; total {time.perf_counter() - started:.0f} s")
    if opts.keep:
        print(f"data kept under {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
