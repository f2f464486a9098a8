"""Stage 3, extract: the kinds of real prose that issue 13 found missed or misread, one case each.

Each case is a shape seen in the labelled real corpus (``tests/extraction/labels``), written out
small; the corpus itself is scored by ``tests/extraction/score.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator.augment.extract import ExtractionResult, extract_constraints
from generator.vocab.sourcemap import SourceMap

THING = "/components/schemas/Thing"
FIELD = THING + "/properties/field"


def run(field: dict[str, Any], **siblings: dict[str, Any]) -> ExtractionResult:
    document = {"components": {"schemas": {"Thing": {"type": "object", "properties": {"field": field, **siblings}}}}}
    return extract_constraints(document, SourceMap())


def found(result: ExtractionResult) -> dict[str, object]:
    return {e.keyword: e.value for e in result.extractions if e.pointer == FIELD}


def rules(result: ExtractionResult) -> list[object]:
    return [e.value for e in result.extractions if e.keyword == "x-dependencies"]


STRING, INTEGER, NUMBER, ARRAY = (
    {"type": "string"},
    {"type": "integer"},
    {"type": "number"},
    {"type": "array", "items": {"type": "string"}},
)

KEYWORD_CASES = [
    # single-value enums
    ("可选值：auto", STRING, {"enum": ["auto"]}),
    ("Model name Enumeration value: kling-v1-6", STRING, {"enum": ["kling-v1-6"]}),
    ("Fixed as `std`.", STRING, {"enum": ["std"]}),
    ("函数名称。必须为 `googleSearch`。", STRING, {"enum": ["googleSearch"]}),
    ("仅 json_schema 值", STRING, {"enum": ["json_schema"]}),
    # separators: full width, slashes, spaces only, a sentence glued after the list
    ("枚举值：on，off", STRING, {"enum": ["on", "off"]}),
    ("可选值:AUTO/ON/OFF", STRING, {"enum": ["AUTO", "ON", "OFF"]}),
    ("模型名称 枚举值：kling-video-o1 kling-v3-omni", STRING, {"enum": ["kling-video-o1", "kling-v3-omni"]}),
    ("生成声音枚举值：on，off仅V2.6及后续版本模型支持当前参数", STRING, {"enum": ["on", "off"]}),
    (
        "Enumeration values: image, video, where: image: the orientation matches the image",
        STRING,
        {"enum": ["image", "video"]},
    ),
    ("Choose from **core**, **standard**, or **signature**.", STRING, {"enum": ["core", "standard", "signature"]}),
    ("⚠️仅veo3支持，“16:9”或“9:16”", STRING, {"enum": ["16:9", "9:16"]}),
    ("The range is [720p, 1080p].", STRING, {"enum": ["720p", "1080p"]}),
    (
        "Storage mode. Possible values: Permanent: kept on VOD. Temporary: kept for a day.",
        STRING,
        {"enum": ["Permanent", "Temporary"]},
    ),
    ("(可选) 视频质量模式。std: 标准模式 (720p). pro: 专业模式 (1080p)", STRING, {"enum": ["std", "pro"]}),
    # "N or M" on integers is a set, not a bound
    ("Resolution, 720 or 1080.", INTEGER, {"enum": [720, 1080]}),
    ("可选值：5或10，默认为10", INTEGER, {"enum": [5, 10], "default": 10}),
    # defaults
    ("Defaults to **core** if no selection made.", STRING, {"default": "core"}),
    ("The default value is 5.", INTEGER, {"default": 5}),
    ('The default resolution for generated videos is "720p".', STRING, {"default": "720p"}),
    (
        "The default setting is `true`, which prioritizes removing the watermark.",
        {"type": "boolean"},
        {"default": True},
    ),
    (
        'Its value must be one of "transparent", "opaque", or "auto" (the default).',
        STRING,
        {"enum": ["transparent", "opaque", "auto"], "default": "auto"},
    ),
    ("输入否定提示。默认：””。", STRING, {"default": ""}),
    ("可选项为： 1：左上角 2：右上角 默认为：2", STRING, {"enum": ["1", "2"], "default": "2"}),
    # lengths and bounds
    ("A name for this Collection, max. 40 characters.", STRING, {"maxLength": 40}),
    ("复刻试听文本（限制 1000 字符，支持语气词标签）", STRING, {"maxLength": 1000}),
    ("The prompt's length is limited to 10000 characters.", STRING, {"maxLength": 10000}),
    ("范围值：1-50", INTEGER, {"minimum": 1, "maximum": 50}),
    ("随机种子 (可选) 范围:0-2147483647", INTEGER, {"minimum": 0, "maximum": 2147483647}),
    ("可选，随机种子值(0–4294967295)，相同种子对相同请求产生相似结果", INTEGER, {"minimum": 0, "maximum": 4294967295}),
    ("-2.0 和 2.0 之间的数字。", NUMBER, {"minimum": -2.0, "maximum": 2.0}),
    ("有效范围为 10000 至 1000000。", INTEGER, {"minimum": 10000, "maximum": 1000000}),
    ("Strength, 0 means off, 3 is the strongest.", INTEGER, {"minimum": 0, "maximum": 3}),
    ("强度，0表示关闭，3为最强", INTEGER, {"minimum": 0, "maximum": 3}),
    ("The budget, which must be set to a positive integer.", INTEGER, {"minimum": 0, "exclusiveMinimum": True}),
    # item counts
    ("最多上传4张图片", ARRAY, {"maxItems": 4}),
    ("至少1个，最多5个", ARRAY, {"minItems": 1, "maxItems": 5}),
    ("注2：只支持输入 1 张图；", ARRAY, {"maxItems": 1}),
    ("(必填)包含一个图片url", ARRAY, {"minItems": 1, "maxItems": 1}),
    ("支持1张或2张图片：", ARRAY, {"minItems": 1, "maxItems": 2}),
    ("A single task can reference a maximum of two timbres.", ARRAY, {"maxItems": 2}),
    ("Specify at least one of `home`, `notifications`.", ARRAY, {"minItems": 1}),
    # round 3: range words, scales named by their ends, measured fields
    ("Range value: 1-50", INTEGER, {"minimum": 1, "maximum": 50}),
    ("生成图片数量：1-6", INTEGER, {"minimum": 1, "maximum": 6}),
    ("视频时长（单位：秒）, 可选区间: 4-12秒", INTEGER, {"minimum": 4, "maximum": 12}),
    (
        "Safety tolerance. 1 indicates the strictest tolerance, and 6 indicates the most lenient.",
        INTEGER,
        {"minimum": 1, "maximum": 6},
    ),
    ("安全容差，0 表示最严格，2 表示最宽松。2 是目前允许的最大值。", INTEGER, {"minimum": 0, "maximum": 2}),
    ("安全容差，0 最严格，6 最宽松。2 是目前使用输入图像时允许的最大值。", INTEGER, {"minimum": 0}),
    (
        "Output quality, ranging from 0 to 100. 100 is the best quality, and 0 is the lowest.",
        INTEGER,
        {"minimum": 0, "maximum": 100},
    ),
    ("Default: 3.5 Range: 1-20", NUMBER, {"default": 3.5, "minimum": 1, "maximum": 20}),
    # round 3: value lists
    ("Can be 'jpeg', 'png', or 'webp'.", STRING, {"enum": ["jpeg", "png", "webp"]}),
    (
        "Task: `text-matching` (default), `code.query`, or `code.passage`.",
        STRING,
        {"enum": ["text-matching", "code.query", "code.passage"], "default": "text-matching"},
    ),
    ('⚠️Only VEO3 supports "16:9" or "9:16" aspect ratios.', STRING, {"enum": ["16:9", "9:16"]}),
    ("Optional: 2:3, 3:2, 1:1", STRING, {"enum": ["2:3", "3:2", "1:1"]}),
    ("Optional Values: AUTO/GENERAL/RENDER_3D", STRING, {"enum": ["AUTO", "GENERAL", "RENDER_3D"]}),
    ("Supported aspect ratios: 1:1, 9:16, 16:9", STRING, {"enum": ["1:1", "9:16", "16:9"]}),
    ("枚举值：square、square pro、landscape_4_3", STRING, {"enum": ["square", "square pro", "landscape_4_3"]}),
    ("输出图片格式，支持：jpeg、png", STRING, {"enum": ["jpeg", "png"]}),
    ("720p or 1080p, default 720p", STRING, {"enum": ["720p", "1080p"], "default": "720p"}),
    ("720P或者1080P 暂只支持720P", STRING, {"enum": ["720P"]}),
    ("The model ID to use. Currently, only whisper-1 is available.", STRING, {"enum": ["whisper-1"]}),
    (
        "Models used. Only gpt-image-1, flux-kontext-pro, flux-kontext-max.",
        STRING,
        {"enum": ["gpt-image-1", "flux-kontext-pro", "flux-kontext-max"]},
    ),
    ("Video length supports 6 and 10 seconds.", INTEGER, {"enum": [6, 10]}),
    ("输入内容的类型，此处应为 text", STRING, {"enum": ["text"]}),
    (
        "Clip duration (allowed values: 4, 8, 12). Default is 4 seconds.",
        STRING,
        {"enum": ["4", "8", "12"], "default": "4"},
    ),
    # round 3: defaults
    ("AI-optimized suggestion words are enabled by default.", {"type": "boolean"}, {"default": True}),
    (
        "是否添加水印\n- true：添加水印；\n- false：不添加水印；\n注1：目前水印内容为固定，默认不加",
        STRING,
        {"enum": ["true", "false"], "default": "false"},
    ),
    ("默认为 0 -2.0 到 2.0 之间的数字。", NUMBER, {"default": 0, "minimum": -2.0, "maximum": 2.0}),
    # round 4: enums
    ("The resolution for training. Must be 512 or 768.", INTEGER, {"enum": [512, 768]}),
    ('固定 "EDITS"', STRING, {"enum": ["EDITS"]}),
    ("Only the managed `twilio` inventory (call-transfer support) is available.", STRING, {"enum": ["twilio"]}),
    (
        "Claude模型名称。 可用模型：\n- claude-3-5-sonnet-20241022（推荐）\n- claude-3-opus-20240229",
        STRING,
        {"enum": ["claude-3-5-sonnet-20241022", "claude-3-opus-20240229"]},
    ),
    ("当前任务状态，仅为 `waiting`（排队中）或 `processing`（处理中）；", STRING, {"enum": ["waiting", "processing"]}),
    (
        "默认值来源。`constant` 表示将 `value` 作为字面字符串；`variable` 表示 `selector` 指向工作流变量。",
        STRING,
        {"enum": ["constant", "variable"]},
    ),
    # round 4: defaults
    ('显示名称。默认为 `"untitled"`。', STRING, {"default": "untitled"}),
    (
        "任务类型。\n- TASK_TYPE_UNSPECIFIED: 未指定（默认）\n- RETRIEVAL_QUERY: 检索查询",
        STRING,
        {"enum": ["TASK_TYPE_UNSPECIFIED", "RETRIEVAL_QUERY"], "default": "TASK_TYPE_UNSPECIFIED"},
    ),
    (
        "Ordering\n* `weak` - may be reordered, works faster, default\n* `strong` - goes through the leader",
        STRING,
        {"default": "weak"},
    ),
    ("响应模式。`blocking` 在完成后返回。未指定时默认为阻塞模式。", STRING, {"default": "blocking"}),
    ("Modifier. Default: none", {"type": "string", "enum": ["none", "idf"]}, {"default": "none"}),
    # round 4, after scoring fresh3 (seen): bounds
    ("How many.\n_Range: 1 – 16_\n", INTEGER, {"minimum": 1, "maximum": 16}),
    ("When provided, must be 1-3.", INTEGER, {"minimum": 1, "maximum": 3}),
    (
        "If set, must be greater than 0 and less than or equal to 1.0.",
        NUMBER,
        {"exclusiveMinimum": True, "minimum": 0, "maximum": 1.0},
    ),
    ("Music description (style, mood) — 1 to 2000 characters.", STRING, {"minLength": 1, "maxLength": 2000}),
    ("页码(从1开始，默认1)", INTEGER, {"minimum": 1, "default": 1}),
    ("设置项的目标值。实测服务端不接受空字符串。", STRING, {"minLength": 1}),
    ("Videos to analyze. At least one required.", ARRAY, {"minItems": 1}),
    ("Strength (10-90%)", INTEGER, {"minimum": 10, "maximum": 90}),
    ("Retries. When provided, must be 1-3.", {"type": ["integer", "null"]}, {"minimum": 1, "maximum": 3}),
    # round 4, after scoring fresh3 (seen): enums and defaults
    ("1 (mono) or 2 (stereo). Default 1.", INTEGER, {"enum": [1, 2], "default": 1}),
    (
        "Music model. Supported values:\n`music-2.6`, `music-cover`,\n`music-2.0`.\n",
        STRING,
        {"enum": ["music-2.6", "music-cover", "music-2.0"]},
    ),
    (
        "One of the following string values:\n  - `null`: the last returns null.\n  - `stop`: ended (due to\n"
        "    [a token](https://x.example))\n  - `length`: too long.\n",
        STRING,
        {"enum": ["stop", "length"]},
    ),
    (
        "`answer` 表示最终回答。`question` 表示追问。当该字段不存在时，默认值为 `answer`。",
        STRING,
        {"enum": ["answer", "question"], "default": "answer"},
    ),
    ("Indicates that a tool invocation has started. (Default: disabled)", {"type": "boolean"}, {"default": False}),
    ("是否解析图片，默认不解析", {"type": "boolean"}, {"default": False}),
    # round 5, mined from seen documents (cue words with nothing extracted) and probes of common forms
    ("为 `true` 时若标签已存在则覆盖，默认为 `false`。", {"type": "boolean"}, {"default": False}),
    (
        "If `false` (default), returns a score whether or not extraction is complete.",
        {"type": "boolean"},
        {"default": False},
    ),
    (
        "If true, vectors are served from disk, improving RAM usage Default: false",
        {"type": "boolean"},
        {"default": False},
    ),
    (
        "How to use examples, default is `average_vector`:\n\n* `average_vector` - average\n\n* `best_score` - best",
        STRING,
        {"default": "average_vector"},
    ),
    ("The type of authentication. Possible values: [oauth, service_auth]", STRING, {"enum": ["oauth", "service_auth"]}),
    (
        "The branch of the military\nValid values: 'AIR FORCE', 'ARMY', 'COAST GUARD'",
        STRING,
        {"enum": ["AIR FORCE", "ARMY", "COAST GUARD"]},
    ),
    (
        "The sorting direction. The following options are available:\n- `asc`\n- `desc`\n\n**Default**: `desc`.\n",
        STRING,
        {"enum": ["asc", "desc"], "default": "desc"},
    ),
    ("Possible values:\n* **amex**\n* **visa**\n* **elv**\n", STRING, {"enum": ["amex", "visa", "elv"]}),
    ("排序方式，可选 asc（升序）、desc（降序）", STRING, {"enum": ["asc", "desc"]}),
    (
        "Value range: [1, 10] A floating-point number. A larger value means more influence.",
        NUMBER,
        {"minimum": 1, "maximum": 10},
    ),
    ("Current progress to completion. Between 0-1", NUMBER, {"minimum": 0, "maximum": 1}),
    ("Limit the number of results (1-100, default 20).", INTEGER, {"minimum": 1, "maximum": 100, "default": 20}),
    ("≤350-character directive listing everything to include", STRING, {"maxLength": 350}),
    ("提供该媒体的媒体提供商（例如“giphy”）（≤ 8 个字符）", STRING, {"maxLength": 8}),
    ("Cannot contain more than 20 elements.", ARRAY, {"maxItems": 20}),
    ("Must not be less than 5.", INTEGER, {"minimum": 5}),
    ("An array of asset IDs. At least one asset ID is required.", ARRAY, {"minItems": 1}),
    (
        "Inputs to embed. Maximum number of inputs per call is `96`. An input can mix text and images.",
        ARRAY,
        {"maxItems": 96},
    ),
    ("需要打分的候选文本数组,最多容纳 128 条。", ARRAY, {"maxItems": 128}),
    ("Items per page. Defaults to `20`.", {"anyOf": [{"type": "integer"}, {"type": "null"}]}, {"default": 20}),
    # round 5, after scoring fresh4 (seen)
    ("资源范围类型。可选值: biz - 业务，biz_set - 业务集", STRING, {"enum": ["biz", "biz_set"]}),
    ("脚本语言。可选值: 1 - shell, 2 - bat, 3 - perl", INTEGER, {"enum": [1, 2, 3]}),
    ("筛选条件逻辑连接词，可选值有 [and, or]，and：满足全部条件，or：满足任一条件", STRING, {"enum": ["and", "or"]}),
    ("条件运算符，可选值有 is：等于； isNot：不等于； contains：包含", STRING, {"enum": ["is", "isNot", "contains"]}),
    ("字段类型，可选值包括1：多行文本、2：数字、13：tel号码、1001：创建时间", INTEGER, {"enum": [1, 2, 13, 1001]}),
    ("String representing the object's type. Always has the value `admin`.", STRING, {"enum": ["admin"]}),
    ("Accepts up to 100 provider user IDs. Any IDs not found are ignored.", ARRAY, {"maxItems": 100}),
    ("Currently, only 1 string is supported, of up to 5 words.", ARRAY, {"maxItems": 1}),
    ("A number from 0 to 1 representing similarity.", NUMBER, {"minimum": 0, "maximum": 1}),
    ("页码（0-based）", INTEGER, {"minimum": 0}),
    ('分页标识。默认为 `""`，即从第一页数据开始返回。', STRING, {"default": ""}),
    ("How long the link stays valid. Defaults to `48h` and cannot exceed 48 hours.", STRING, {"default": "48h"}),
    ("模块名, 默认模块为 default", STRING, {"default": "default"}),
    # the URL-limit rule must not eat a range on the next line (caught by tests/hostile/test_concurrency)
    ("Number of images generated per request\nValue range: [1, 9]", INTEGER, {"minimum": 1, "maximum": 9}),
    # round 6, from fresh4's misses once it was scored
    ("全局变量类型，1-字符串 2-命名空间 3-主机列表 4-密码", STRING, {"enum": ["1", "2", "3", "4"]}),
    ("返回结果状态值, 返回值为 0 或 1，0 表示请求失败；1 表示请求成功。", STRING, {"enum": ["0", "1"]}),
    ("换乘策略 0：推荐模式 1：最经济模式 2：步行距离不超过4KM3：时间短模式", INTEGER, {"enum": [0, 1, 2, 3]}),
    ("订阅状态(-1: 订阅异常, 1: 处理中, 2: 订阅成功)", INTEGER, {"enum": [-1, 1, 2]}),
    ("The number of items returned in a page. If not included, `page_size` is `30`.", INTEGER, {"default": 30}),
    ("归因模型：last_touch 末次触达（默认）/ first_touch 首次触达", STRING, {"default": "last_touch"}),
    (
        "The two-letter country code, in [ISO 3166-1 alpha-2](https://en.wikipedia.org/wiki/ISO_3166-1_alpha-2).",
        STRING,
        {"minLength": 2, "maxLength": 2},
    ),
    ("ISO 3166-1 alpha-2 两位字母国家代码", STRING, {"minLength": 2, "maxLength": 2}),
    ("Three-character ISO currency code, such as **EUR**.", STRING, {"minLength": 3, "maxLength": 3}),
]


@pytest.mark.parametrize(("text", "schema", "expected"), KEYWORD_CASES, ids=[c[0][:40] for c in KEYWORD_CASES])
def test_real_prose_kinds_become_typed_keywords(text: str, schema: dict[str, Any], expected: dict[str, object]) -> None:
    assert found(run({**schema, "description": text})) == expected


NOTHING_CASES = [
    # advice, per-model lists, file formats, default limits, typeless bounds, per-model defaults
    ("It is recommended not to exceed 300 Chinese characters.", STRING),
    ("Notes: 2. Image format options are: jpeg, jpg, png, webp.", STRING),
    ("The reason for the report. Default maximum of 1000 characters.", STRING),
    ("This parameter only supports dall-e-3.", STRING),
    ("or auto (default) for gpt-image-1", STRING),
    ("Use 1 or 2 images.", INTEGER),
    ("为生成结果图添加标识的开关。1：添加标识。0：不添加标识。其他数值：默认按1处理。", STRING),
    # round 3 near misses
    ("The inserted audio must not be shorter than 2 seconds.", INTEGER),
    ("Image URL. Supported formats: jpg, png, webp", STRING),
    ("File to upload. Allowed formats: `pdf`, `doc`, `png`.", STRING),
    ("时长只支持5s", STRING),
    ("Enumerated values: a, b, see docs", STRING),
    ("image or video", STRING),
    ("Two methods, not to be mixed. Method 1 | Optional values: 1K, 2K, 4K Method 2 | width x height", STRING),
    ('Styles for the image. Default: "None".', STRING),
    ('生成图像的长宽比。默认值："Not set"', STRING),
    ("是否开启，默认开启", STRING),
    # round 4 near misses
    ("URLs must be unique.", STRING),
    ("Amount must be positive.", STRING),
    ("If this is set, 'a' and 'b' must be null.", STRING),
    ("音频文件。必须为 `audio/mp3`、`audio/m4a`、`audio/wav` 之一。", STRING),
    ("会话标识符。默认为 `external_user_id` 的值。", STRING),
    ("Only `1` image is supported.", STRING),
    ("Modifier. Default: none", STRING),
    ("`0` means unlimited, `-1` means off.", INTEGER),
    ("Stream of events.\n\n**Events**:\n- `started`: the run began\n- `finished`: the run ended", STRING),
    ("Events:\n- `message`: an answer piece → `message_end`.\n- `a`: one\n- `b`: two", STRING),
    # round 4, after scoring fresh3
    ("There can be a maximum of 20 unique labels per user.", ARRAY),
    ("Note: some providers enforce a minimum of 16.", INTEGER),
    ("Guidance; values are clamped to [1, 10].", NUMBER),
    ("图片尺寸，推荐枚举值：1024x1024, 768x1344, 864x1152。", STRING),
    ("Provide an array of one item for a single import, or multiple items for a batch import.", ARRAY),
    ("Sample. Supported MIME types:\n`audio/mpeg`, `audio/wav`.", STRING),
    ("One of the following:\n\n`none`: No income\n\n`monthly`: once per month `yearly`: once a year", STRING),
    ("从2024年开始生效", INTEGER),
    # round 5
    ("Either a voice from the library, or one of ['track-clone', 'clip-clone'].", STRING),
    (
        "The default value varies depending on the model you are targeting.",
        {"anyOf": [{"type": "number"}, {"type": "null"}]},
    ),
    ("Number of days with at least one transaction over the past 12 months.", INTEGER),
    ("Possible values: 1 - 10", STRING),
    ("Only returned when connected; absent otherwise, in which case the default domain is used.", STRING),
    ("All web services have a URL limit of 8192 characters.", STRING),
    ("错误编码。 0表示success，>0表示失败错误", INTEGER),
    ("MCPServer ID 列表（ids 和 names 至少提供一个）", ARRAY),
    ("1 表示最严格，5 表示最宽松。", STRING),  # the ends of a scale
    ("状态: 1-启用 2-暂停（0 不筛选）", INTEGER),  # a code left unglossed
    ("渠道 ID。\n扣子编程的渠道 ID 包括：\n* 1024：API 渠道。\n* 999：Chat SDK。", STRING),
    ("渠道 ID。\n* 1024：API 渠道。\n* 999：Chat SDK。\n* 自定义渠道 ID。", STRING),
    ("The `global_code` is a 4 character area code and 6 character or longer local code.", STRING),
    ("The [ISO country code](https://en.wikipedia.org/wiki/ISO_3166-1_alpha-2) of this phone number.", STRING),
]


@pytest.mark.parametrize(("text", "schema"), NOTHING_CASES, ids=[c[0][:40] for c in NOTHING_CASES])
def test_near_misses_yield_no_keyword(text: str, schema: dict[str, Any]) -> None:
    assert found(run({**schema, "description": text})) == {}


def test_value_lists_that_differ_per_model_are_no_enum() -> None:
    text = "viduq1：默认1080p，可选项：1080p viduq2：默认1080p，可选项：1080p、2K、4K"
    result = run({"type": "string", "description": text})
    assert "enum" not in found(result)
    assert any(f.code == "ambiguous-constraint" for f in result.findings)


def test_number_between_on_a_typeless_field_is_a_note_not_a_bound() -> None:
    result = run({"anyOf": [{"type": "number"}, {"type": "null"}], "description": "Number between -2.0 and 2.0."})
    assert found(result) == {}
    assert any(f.code == "ambiguous-constraint" for f in result.findings)


def test_a_default_that_is_not_a_date_time_is_dropped_with_a_note() -> None:
    result = run({"type": "string", "format": "date-time", "description": "Defaults to yesterday."})
    assert found(result) == {}
    assert any(f.code == "default-type-mismatch" for f in result.findings)


DEPENDENCY_CASES = [
    ("当multi_shot参数为true时，当前参数必填", {"multi_shot": {"type": "boolean"}}, "IF multi_shot==true THEN field;"),
    (
        "Required if `is_ongoing` is set to `false`.",
        {"is_ongoing": {"type": "boolean"}},
        "IF is_ongoing==false THEN field;",
    ),
    ("Required when n is 2.", {"n": {"type": "integer"}}, "IF n==2 THEN field;"),
    (
        'Required when alpha_mode is "custom" or "select"',
        {"alpha_mode": {"type": "string", "enum": ["auto", "custom", "select"]}},
        "IF alpha_mode IN ('custom', 'select') THEN field;",
    ),
    ("At least one of image or prompt must be provided.", {"image": STRING, "prompt": STRING}, "Or(image, prompt);"),
    ("与other参数二选一填写，不能同时为空，也不能同时有值", {"other": STRING}, "OnlyOne(field, other);"),
    (
        "Either the `field` or `other` parameter can be selected; both cannot be empty or have values simultaneously.",
        {"other": STRING},
        "OnlyOne(field, other);",
    ),
    ("Don't use when speaker is set.", {"speaker": STRING}, "ZeroOrOne(field, speaker);"),
    ("The field field and other field are mutually exclusive.", {"other": STRING}, "ZeroOrOne(field, other);"),
    (
        "- 在自定义模式（`customMode: true`）下必填。",
        {"customMode": {"type": "boolean"}},
        "IF customMode==true THEN field;",
    ),
    (
        "当multi_shot参数为false，当前参数不得为空",
        {"multi_shot": {"type": "boolean"}},
        "IF multi_shot==false THEN field;",
    ),
    ("Cannot be used alongside `other`.", {"other": STRING}, "ZeroOrOne(field, other);"),
    ("支持最多7个图像，不要与 other 同时使用。", {"other": STRING}, "ZeroOrOne(field, other);"),
    ("Use either field or other as input.", {"other": STRING}, "OnlyOne(field, other);"),
    ("You can choose either the FIELD or the `other` option.", {"other": STRING}, "OnlyOne(field, other);"),
    # round 4
    (
        "文件 URL（当 `mode` 为 `remote_url` 时必填）。",
        {"mode": {"type": "string", "enum": ["remote_url", "local_file"]}},
        "IF mode=='remote_url' THEN field;",
    ),
    ("文档名称。当提供 `text` 时必填。", {"text": STRING}, "IF text THEN field;"),
    ("标签 ID 列表。未提供旧版 `tag_id` 时必填。", {"tag_id": STRING}, "IF NOT tag_id THEN field;"),
    ("除非 `auto` 为 `true`，否则必填。", {"auto": {"type": "boolean"}}, "IF auto==false THEN field;"),
    (
        "Required unless `mode` is `auto`.",
        {"mode": {"type": "string", "enum": ["auto", "x"]}},
        "IF mode!='auto' THEN field;",
    ),
    (
        "Cover image, this is required if the model is public",
        {"visibility": {"type": "string", "enum": ["public", "private"]}},
        "IF visibility=='public' THEN field;",
    ),
    ("Must be between 1 and 10. Can only be used with other.", {"other": STRING}, "IF field THEN other;"),
    # round 4, after scoring fresh3 (seen)
    ("排除来自指定域名的搜索结果。不能与 other 一起使用。", {"other": STRING}, "ZeroOrOne(field, other);"),
    ("视频的文本描述, field和other二选一或者同时传入。", {"other": STRING}, "Or(field, other);"),
    ("基础图像。必须提供 field 或 other，或两者都提供。", {"other": STRING}, "Or(field, other);"),
    (
        "Use either field or other. When not provided the default other=#008800 applies.",
        {"other": STRING},
        "ZeroOrOne(field, other);",
    ),
    # round 5
    ("Exactly one of the field or other parameters must be provided.", {"other": STRING}, "OnlyOne(field, other);"),
    ("One of `field` or `other` is required.", {"other": STRING}, "Or(field, other);"),
    ("Only required when `stream` is true.", {"stream": {"type": "boolean"}}, "IF stream==true THEN field;"),
    ("Required if value of `type` is `questions`.", {"type": STRING}, "IF type=='questions' THEN field;"),
    ("MCPServer ID 列表（field 和 other 至少提供一个）", {"other": STRING}, "Or(field, other);"),
    ("MCPServer 名称列表（other 和 field 至少提供一个）", {"other": STRING}, "Or(field, other);"),
    (
        "目标 URL（link_type=CUSTOM/EXTERNAL 时必填；关联类型可自动生成）",
        {"linkType": {"type": "string", "enum": ["LINK_TYPE_CUSTOM", "LINK_TYPE_EXTERNAL", "LINK_TYPE_PAGE"]}},
        "IF linkType IN ('LINK_TYPE_CUSTOM', 'LINK_TYPE_EXTERNAL') THEN field;",
    ),
    ("普通后端服务配置；与 other 至少提供一种", {"other": STRING}, "Or(field, other);"),
    ("主机IP地址。与other须二选一；同时存在时以other为准", {"other": STRING}, "Or(field, other);"),
    ("待删除的字段ID，field和other必填一个", {"other": STRING}, "Or(field, other);"),
    (
        "Field is required if `mode` is `custom`. Otherwise ignored",
        {"mode": {"type": "string", "enum": ["custom", "x"]}},
        "IF mode=='custom' THEN field;",
    ),
    (
        "YouTube URL (required if `source` is `youtube`).",
        {"source": {"type": "string", "enum": ["file", "youtube"]}},
        "IF source=='youtube' THEN field;",
    ),
    (
        "Up to 5 glossaries. **Important:** This requires the `other` parameter to be set.",
        {"other": STRING},
        "IF field THEN other;",
    ),
]


def test_a_group_rule_under_a_condition_is_a_note() -> None:
    result = run({"type": "string", "description": "模型服务配置；创建环境时与 other 至少提供一种"}, other=STRING)
    assert rules(result) == []
    assert any("only under a condition" in f.message for f in result.findings)


def test_the_other_forms_of_one_input_are_at_most_one() -> None:
    text = "Source data. (If this parameter is present, the other data source parameters must be empty.)"
    result = run({"type": "string", "description": text}, field_file=STRING, field_file_url=STRING,
                 field_angle=STRING)  # fmt: skip
    assert rules(result) == ["ZeroOrOne(field, field_file);", "ZeroOrOne(field, field_file_url);"]


@pytest.mark.parametrize(("text", "siblings", "rule"), DEPENDENCY_CASES, ids=[c[0][:40] for c in DEPENDENCY_CASES])
def test_conditions_are_typed_to_the_sibling(text: str, siblings: dict[str, Any], rule: str) -> None:
    assert rules(run({"type": "string", "description": text}, **siblings)) == [rule]


def test_a_bullet_per_value_names_the_siblings_that_value_needs() -> None:
    text = (
        "启用自定义模式。\n- 设为 `true` 使用自定义模式（需要提供 `style` 和 `title`；如果 `instrumental` 为 `false`，"
        "则需要提供 `prompt`）。\n- 设为 `false` 使用非自定义模式（只需要提供 `prompt`）。"
    )
    siblings = {"style": STRING, "title": STRING, "prompt": STRING, "instrumental": {"type": "boolean"}}
    assert sorted(map(str, rules(run({"type": "boolean", "description": text}, **siblings)))) == [
        "IF field==true AND instrumental==false THEN prompt;",
        "IF field==true THEN style;",
        "IF field==true THEN title;",
    ]


def test_a_condition_value_the_sibling_cannot_hold_is_a_note() -> None:
    result = run({"type": "string", "description": "Required when n is big."}, n={"type": "integer"})
    assert rules(result) == []
    assert any(f.code == "ambiguous-constraint" for f in result.findings)


def test_exactly_one_of_two_required_fields_is_a_warning_not_a_rule() -> None:
    document = {"components": {"schemas": {"Thing": {
        "type": "object", "required": ["a", "b"],
        "properties": {"a": {"type": "string", "description": "a和b参数二选一，不能同时为空，也不能同时有值"},
                       "b": {"type": "string"}},
    }}}}  # fmt: skip
    result = extract_constraints(document, SourceMap())
    assert [e for e in result.extractions if e.keyword == "x-dependencies"] == []
    assert any(f.code == "prose-conflicts-schema" and "required" in f.message for f in result.findings)
