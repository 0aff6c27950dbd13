"""Chinese labels of record fields and catalogue codes, as printed on notices."""
from .. import catalogue

FIELD_LABELS = {
    "title": "标题", "summary": "内容概述", "body": "正文", "department": "公开主体", "publish_at": "公示开始",
    "expire_at": "公示结束", "record_url": "链接", "tags": "标签", "all_townships": "全县共享",
    "board": "公示栏张贴", "index_no": "索引号", "area": "领域", "stage": "公开阶段", "basis": "依据",
    "doc_no": "文号", "audience": "公开对象", "attribute": "公开属性", "formed_at": "成文日期",
    "time_limit_days": "公开时限", "channels": "公开渠道", "code": "事项编码", "theme": "主题",
    "service_object": "服务对象", "conditions": "受理条件", "materials": "申请材料", "steps": "办理流程",
    "time_limit": "办理时限", "fee": "收费标准", "location": "办理地点", "hours": "办理时间",
    "phone": "咨询电话", "complaint_phone": "监督投诉电话", "visits": "到现场次数", "online_url": "网上办理",
    "faqs": "常见问题",
}
KIND_LABELS = {"disclosure": "公开事项", "guide": "办事指南", "notice": "通知公告"}


def label(table, code):
    """The Chinese label of a catalogue code (stages, channels...), else the code itself."""
    entry = getattr(catalogue, table, {}).get(code) if isinstance(code, str) else None
    if isinstance(entry, dict):
        return entry.get("zh") or entry.get("label") or code
    return entry or code
