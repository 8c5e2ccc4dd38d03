//! What every key of the input format means, in Chinese, for the people who fill it in: its
//! content, its unit and where the figure usually comes from.
//!
//! One table, two readers: `jixiao schema` turns each entry into the `description` of the
//! property (editors show it on hover and in completions), and the skeleton writer prints it
//! as the comment above the key. A test in `schema.rs` checks that the table and the types
//! name exactly the same keys, so a new field without a description fails the tests.

/// `(path, description)`. A path is the keys from the top joined by dots; the elements of an
/// array add no segment (`projects.items.name`). A `*` segment stands for any one key and is
/// used only when there is no exact entry (`basic.*.actual`).
pub const FIELDS: &[(&str, &str)] = &[
    (
        "template",
        "用哪个模板：内置模板的名字（“湖南2020”“县级”“得分在前”“重庆”“评分表”，jixiao templates 列出），或模板文件的路径（相对于本文件，如“模板/本局模板.toml”）。不写则为“湖南2020”。模板决定正文大纲、印哪几部分、附表的表式和标签；本文件中写的 [[sections]]、[labels]、[settings] 等优先于模板。",
    ),
    // [[sections]]
    (
        "sections",
        "正文大纲，一节一段，按顺序印出；写了就用本文件的大纲，不写则用模板的大纲。要改模板的标题、顺序或增删某一节时才写（jixiao init 的文件开头列出了模板的大纲）。",
    ),
    ("sections.heading", "标题，不写序号（jixiao 按层级编号）；模板的标题以“。”结尾的照样写上。"),
    ("sections.level", "标题层级：1 印“一、”，2 印“（一）”，3 印“1.”，4 印“（1）”；不写为 1。"),
    (
        "sections.content",
        "这一节的内容，按顺序：\"一段文字\"；{ item = \"编号的一条\", lead = \"小标题\" }；{ items = [\"…\", \"…\"] }；由数据生成的一段 { block = \"三公经费\" }，可加 variant = \"合计\" 选写法（全部数据块和写法见 jixiao templates --blocks）；表格 { table = [[\"项目\", \"金额\"], [\"收入合计\", \"{总收入}\"]], header = 1, caption = \"表题\" }：一行一个数组，一格是文字或 { text = \"…\", colspan = 2, rowspan = 2 }，可加列宽之比 widths = [3, 2] 和各列对齐 align = [\"左\", \"右\"]。",
    ),
    // [[outline_edits]]
    (
        "outline_edits",
        "只改模板大纲中的某一节，不必抄整个大纲：一项一处改动，按顺序做。at 写那一节的标题（不写序号），action 写“替换”“删除”“之前插入”“之后插入”或“追加内容”。",
    ),
    ("outline_edits.at", "要改的那一节的标题，照大纲写，不写序号，如“存在的问题及原因分析”。"),
    (
        "outline_edits.action",
        "怎么改：“替换”（换成这里写的标题、层级或内容，没写的不变）、“删除”（连同它下面的各小节）、“之前插入”“之后插入”（新的一节，要写 heading）、“追加内容”（content 接在这一节原有内容之后）。",
    ),
    ("outline_edits.heading", "新的一节的标题（替换时是新标题），不写序号。"),
    ("outline_edits.level", "新的一节的层级：1 至 4，不写为 1（替换时不写则不变）。"),
    (
        "outline_edits.content",
        "新的一节的内容，或要追加的内容，写法同 sections 的 content：\"一段文字\"、{ item = \"…\" }、{ block = \"…\" } 等。",
    ),
    // [report]
    ("report", "报告的基本信息：年度、单位名称、标题和开头段落。"),
    ("report.year", "报告年度：四位数的年份，如 2021（报告写的是这一年的决算）。"),
    ("report.department", "单位名称，印在标题和正文中，如“中共益阳市委组织部”。"),
    (
        "report.department_full_name",
        "单位全称，印在附件2“预算部门”一栏，如“中国共产党益阳市委员会组织部”；不写则用 department。",
    ),
    ("report.department_short_name", "正文中的简称，如“市委组织部”；不写则用 department。"),
    (
        "report.title_lines",
        "标题分几行印，一行一个字符串；不写则印“××年度＋单位名称”和“整体支出绩效自评报告”两行；写 [] 则不印标题。",
    ),
    (
        "report.intro",
        "标题下的开头段落：依据什么文件、开展了自评，以“报告如下：”结束。通知名称见财政部门当年的绩效自评通知。不写（或写 \"\"）则标题下直接是“一、”。",
    ),
    (
        "report.date",
        "文档日期，如 2021-06-30（不加引号）：写入 PDF 元数据，PDF/A 归档格式需要它。只有同时写了 signature 才印在文末作为成文日期。",
    ),
    ("report.signature", "署名（发文单位名称）：写了才在附件说明后印出署名和成文日期（report.date）。"),
    (
        "report.parts",
        "这次印出哪几部分，按顺序：“封面”“目录”“正文”“基础数据表”（附件1）“自评表”（附件2）“项目自评表”（[[project_forms]] 的各张表）。不写则按模板。只印表格（不要正文）写 [\"基础数据表\", \"自评表\"]：表格不印“附件N”，页码从 1 起，正文的数据不必填。",
    ),
    (
        "report.revision",
        "报告发布后的更正：修订次数、更正日期和说明。更正后的 PDF 保持同一文档标识，元数据中记下修订。",
    ),
    ("report.revision.number", "第几次修订（整数，从 1 开始）。"),
    ("report.revision.date", "更正日期，如 2021-07-15（不加引号）；也作为更正版 PDF 的文档日期。"),
    ("report.revision.note", "更正了什么，如“更正公务接待批次”。写入 PDF 元数据。"),
    ("report.revision.print", "是否在标题下印一行“（××××年×月×日更正）”：true 或 false（默认）。"),
    // [organization]
    (
        "organization",
        "一、单位基本情况：（一）组织机构设置情况和（二）职能职责。人数、车辆数为整数，取自部门决算《基本数字表》或人事部门。",
    ),
    (
        "organization.staffing",
        "年末人员编制，一类编制一项（行政编制、参公事业编制、事业编制……）；编制总数由 jixiao 相加。来源：机构编制部门的“三定”方案或编制核定文件。",
    ),
    ("organization.staffing.kind", "编制类别，如“行政编制”“参公事业编制”“事业编制”。"),
    ("organization.staffing.count", "这一类的编制数（人，整数）。"),
    ("organization.staffing.note", "括号里的补充说明，如“含行政工勤编制2名”（可省略）。"),
    (
        "organization.in_service",
        "年末在职人员实有人数（人，整数），不含退休人员。来源：部门决算《基本数字表》或人事部门。",
    ),
    (
        "organization.seconded",
        "经费在本单位列支、但不占本单位编制的派驻人员（如派驻纪检监察组）；附件1的编制数和在职人数包含他们。没有则不写。",
    ),
    ("organization.seconded.unit", "派驻人员所在单位，如“市纪委监委驻部纪检监察组”。"),
    ("organization.seconded.count", "派驻人数（人，整数）。"),
    (
        "organization.retired",
        "年末退休人员人数（人，整数）。来源：部门决算《基本数字表》或人事部门。离休、退休分列时改写 retirees。",
    ),
    (
        "organization.retirees",
        "离退休人员按类别，一类一项：{ kind = \"离休\", count = 1 }、{ kind = \"退休\", count = 30 }，或合为 { kind = \"离退休\", count = 31 }。与 retired 只写一个。",
    ),
    ("organization.retirees.kind", "类别：“离休”“退休”或“离退休”。"),
    ("organization.retirees.count", "人数（人，整数）。"),
    ("organization.retirees.note", "补充说明（可省略）。"),
    (
        "organization.departments",
        "内设机构（股室、科室）的名称，一个一行；个数由 jixiao 数，印成“设有内设机构N个：……”。来源：“三定”方案。",
    ),
    (
        "organization.departments_count",
        "文件中写明的内设机构个数（可省略）：写了就与名单核对，个数与名单不符时报错 J209。",
    ),
    ("organization.subordinates", "下属单位（直属单位、二级预算单位）的名称，一个一行；个数由 jixiao 数。"),
    ("organization.subordinates_count", "文件中写明的下属单位个数（可省略）：与名单核对。"),
    (
        "organization.subordinates_label",
        "正文中怎么称呼下属单位，如“直属事业单位”“二级预算单位”（默认“下属单位”）。",
    ),
    ("organization.budget_units_count", "文件中写明的决算单位个数（可省略）：与名单核对。"),
    (
        "organization.vehicles_authorized",
        "公务用车编制数（辆，整数）。来源：公务用车编制核定文件或机关事务管理部门。",
    ),
    (
        "organization.vehicles_actual",
        "年末实有公务用车数（辆，整数）。来源：部门决算《基本数字表》或资产账。",
    ),
    (
        "organization.budget_units",
        "纳入本部门决算编报的单位名称，一个一行；个数由 jixiao 数。来源：部门决算的单位构成。",
    ),
    (
        "organization.budget_units_note",
        "决算单位的补充说明，如单位性质、执行的会计制度、预算级次（可省略）。",
    ),
    (
        "organization.duties",
        "（二）单位的职能职责，一条一行，不写序号（jixiao 自动编号）。来源：“三定”方案。",
    ),
    // [basic]
    (
        "basic",
        "二、一般公共预算支出情况（一）基本支出。金额一律为万元，最多两位小数。本年数取自本年部门决算《一般公共预算财政拨款基本支出决算表》，上年数取自上年决算；合计、增减和占比由 jixiao 计算。人员经费、日常公用经费、资本性支出三项都要写（没有的写 actual = 0），少一项就没有基本支出合计，不会把缺的一项当作 0。",
    ),
    ("basic.definition", "基本支出的定义，印在本节开头。可用通用表述，按本单位情况修改。"),
    ("basic.personnel", "人员经费：工资福利支出和对个人和家庭的补助。"),
    ("basic.public", "日常公用经费（附件1“公用经费”）：办公费、印刷费、水电费、差旅费等商品和服务支出。"),
    ("basic.capital", "资本性支出：办公设备购置、公务用车购置等。"),
    ("basic.*.actual", "本年决算数（万元）。来源：本年部门决算。"),
    ("basic.*.last_year", "上年决算数（万元）。来源：上年部门决算或上年的自评报告。"),
    ("basic.*.budget", "本年预算数（万元），印在附件1“预算数”一栏（可省略）。来源：预算批复。"),
    ("basic.*.reason", "与上年相比增减的主要原因，接在增减幅度之后（可省略）。"),
    ("basic.*.description", "名称后括号中的说明，如“公务用车购置”（可省略）。"),
    ("basic.budget", "附件1“部门基本支出预算调整”一行：基本支出的年初预算数和调整后预算数。"),
    ("basic.budget.initial", "基本支出年初预算数（万元）。来源：年初预算批复。"),
    (
        "basic.budget.adjusted",
        "基本支出调整后全年预算数（万元），也是附件2“按支出性质分”的基本支出。来源：预算调整批复或决算报表的全年预算数。",
    ),
    (
        "basic.public_items",
        "附件1 公用经费下“其中”各行（办公经费，水费、电费、差旅费，会议费、培训费），一行一段；不要求相加等于公用经费。来源：部门决算按经济分类的支出明细。",
    ),
    ("basic.public_items.name", "这一行的名称，如“办公经费”。"),
    ("basic.public_items.last_year", "上年决算数（万元）。"),
    ("basic.public_items.budget", "本年预算数（万元）。"),
    ("basic.public_items.actual", "本年决算数（万元）。"),
    ("basic.public_items.initial", "年初预算数（万元，可省略）：附件1“本年预算数”一栏印年初数的表式才用。"),
    // [projects]
    ("projects", "二（二）项目支出，以及附件1“项目支出”各行。"),
    (
        "projects.definition",
        "项目支出的说明，印在本节开头，如“项目支出是指为完成……专项工作而发生的支出，主要用于……”。",
    ),
    ("projects.reason", "项目支出与上年相比增减的主要原因（可省略）。"),
    (
        "projects.items",
        "项目支出，一个项目一段；合计由 jixiao 计算。来源：部门决算《项目支出决算表》和预算批复。",
    ),
    ("projects.items.name", "项目名称。"),
    ("projects.items.last_year", "上年决算数（万元）。来源：上年决算。"),
    (
        "projects.items.budget",
        "本年预算数（万元，含追加调整）；附件2“按支出性质分”的项目支出是各项之和。来源：预算批复。",
    ),
    ("projects.items.actual", "本年决算数（万元）。来源：本年决算。"),
    (
        "projects.items.initial",
        "年初预算数（万元，可省略）：附件1“本年预算数”一栏印年初数的表式（[attachment1] budget_column = \"年初预算数\"）用它。",
    ),
    // [funds]
    (
        "funds",
        "三、四、五：政府性基金、国有资本经营、社会保险基金预算的本年支出（万元）；0 或不写表示无此项支出。来源：部门决算中这三本预算的收入支出决算表。",
    ),
    ("funds.government_fund", "政府性基金预算支出（万元）。"),
    ("funds.state_capital", "国有资本经营预算支出（万元）。"),
    ("funds.social_insurance", "社会保险基金预算支出（万元）。"),
    // [finance]
    (
        "finance",
        "六（一）部门整体支出概况和附件2的资金情况。总收入、总支出、全年预算数、预算执行率和年末结转和结余由 jixiao 计算。来源：部门决算《收入支出决算总表》《收入决算表》。",
    ),
    (
        "finance.carryover",
        "年初结转和结余（万元）。来源：《收入支出决算总表》的“年初结转和结余”，通常等于上年的年末结转和结余。",
    ),
    ("finance.carryover_note", "年初结转和结余的说明，如“主要是一般行政管理事务结转和结余”（可省略）。"),
    ("finance.closing_note", "年末结转和结余的说明（可省略）。"),
    ("finance.initial_budget", "附件2“年初预算数”（万元）。来源：年初预算批复。"),
    (
        "finance.income",
        "本年各项收入，一项一个 { name = …, amount = … }；总收入和占比由 jixiao 计算。来源：《收入决算表》。",
    ),
    ("finance.income.name", "收入名称，如“一般公共预算财政拨款收入”“其他收入”。"),
    ("finance.income.amount", "金额（万元）。"),
    ("finance.income.last_year", "上年数（万元，可省略）：写了，“收入”一段按“同比”的写法印出增减。"),
    (
        "finance.income.kind",
        "“财政拨款”或“其他”（可省略：名称中有“财政拨款”的算财政拨款）。全国式自评表的“当年财政拨款”一行是各项财政拨款之和。",
    ),
    (
        "finance.funding",
        "全国式自评表按资金来源分行：当年财政拨款、上年结转资金、其他资金，各写年初预算数和全年执行数；全年预算数由收入和年初结转和结余得出。不写的格印空白。",
    ),
    ("finance.funding.appropriation", "当年财政拨款。"),
    ("finance.funding.carryover", "上年结转资金。"),
    ("finance.funding.other", "其他资金。"),
    ("finance.funding.*.initial", "年初预算数（万元）。"),
    ("finance.funding.*.executed", "全年执行数（万元）；三行之和应等于全年执行数。"),
    (
        "finance.by_source",
        "附件2“按收入性质分”；不写的一行印成空白（与 0 不同）。各项之和应等于全年预算数（年初结转和结余 + 本年收入）。",
    ),
    ("finance.by_source.general", "一般公共预算（万元）。"),
    ("finance.by_source.government_fund", "政府性基金拨款（万元）。"),
    ("finance.by_source.special_account", "纳入专户管理的非税收入拨款（万元）。"),
    ("finance.by_source.other", "其他资金（万元）。"),
    (
        "finance.by_nature",
        "附件2“按支出性质分”两行照财政部门审定的表填写时才写（可省略：省略时由基本支出和项目支出算出）。合计与全年预算数（或全年执行数）不符时报错 J201；表已审定、确需照印的，用 [[allow]] 写明理由和位置 at = \"finance.by_nature\"。",
    ),
    ("finance.by_nature.basic", "基本支出（万元）。"),
    ("finance.by_nature.projects", "项目支出（万元）。"),
    // [sangong]
    (
        "sangong",
        "“三公”经费四项，用于正文的“三公”经费支出情况和附件1；合计由 jixiao 计算。来源：部门决算《“三公”经费支出决算表》，预算数取自预算批复。",
    ),
    ("sangong.vehicle_purchase", "公务用车购置费。"),
    ("sangong.vehicle_operation", "公务用车运行维护费。"),
    ("sangong.overseas", "因公出国（境）费。"),
    ("sangong.reception", "公务接待费。"),
    ("sangong.*.last_year", "上年决算数（万元）。"),
    ("sangong.*.budget", "本年预算数（万元）。来源：预算批复。"),
    ("sangong.*.actual", "本年决算数（万元）。"),
    ("sangong.*.note", "说明，接在这一项的句子后面，如购车原因、接待费的用途（可省略）。"),
    (
        "sangong.*.batches",
        "国内公务接待批次（整数；只用于公务接待，可省略）。来源：“三公”经费决算表或接待台账。",
    ),
    ("sangong.*.visitors", "国内公务接待人次（整数；只用于公务接待，可省略）。"),
    // [satisfaction]
    ("satisfaction", "服务对象满意度：正文的满意度一句和附件2的满意度指标由它生成。来源：满意度问卷调查。"),
    ("satisfaction.subject", "调查对象，如“群众”“服务对象”。"),
    (
        "satisfaction.object",
        "对什么的满意度，如“对我局”“对机关服务保障工作”（可省略：“对单位”）。句子印成“群众对我局的满意度为……”。",
    ),
    ("satisfaction.rate", "调查得到的满意度（百分数，97.81 表示 97.81%）。"),
    ("satisfaction.target", "预期目标：不低于多少（百分数）。来源：年初设定的绩效目标。"),
    // [[goals]]
    ("goals", "六（二）整体支出绩效目标，一项一段，按顺序印出。"),
    ("goals.label", "目标名称，印在段首，如“预决算公开”。"),
    ("goals.text", "这一项目标的内容和完成情况（有 append 时可省略）。"),
    ("goals.append", "在段末接上由数据生成的句子：“三公经费”或“满意度”（可省略）。"),
    // [performance]
    ("performance", "六（三）主要绩效及评价结论；最后一句（得分和等级）由 jixiao 生成。"),
    ("performance.summary", "总述，印在各项绩效之前（可省略）。"),
    ("performance.achievements", "主要绩效，一项一段，自动编号。"),
    ("performance.achievements.title", "这一项的标题，一句话，印成段首的小标题。"),
    ("performance.achievements.text", "这一项的内容。"),
    // [closing]
    ("closing", "七、存在的问题及原因分析；八、下一步改进措施；九、结果应用和公开。"),
    ("closing.problems", "七、存在的问题及原因分析，一条一行，不写序号。"),
    ("closing.measures", "八、下一步改进措施，一条一行，不写序号。"),
    ("closing.application", "九、部门整体支出绩效自评结果拟应用和公开情况，一段一行。"),
    // [cover]
    ("cover", "封面（可省略）：写了就在报告前印一页封面和一页意见页（不编页码）。"),
    ("cover.title", "封面标题，一行一个字符串；不写则按模板（“{年度}年度”“部门整体支出绩效自评报告”）。"),
    ("cover.unit", "单位名称（不写则用 [report] department）。"),
    ("cover.supervisor", "主管部门。"),
    ("cover.evaluation_type", "评价类型：“部门整体支出”或“项目支出”，印成勾选框。"),
    ("cover.method", "评价方式，如“单位自评”。"),
    ("cover.evaluator", "评价机构，如本单位或委托的第三方机构。"),
    ("cover.date", "报告日期，如“2022年3月”。"),
    ("cover.issuer", "封面底部的制表单位，如“××市财政局（制）”。"),
    ("cover.unit_opinion", "单位意见（可留空，打印后手写盖章）。"),
    ("cover.bureau_opinion", "财政部门意见（可留空）。"),
    (
        "cover.fields",
        "封面上的栏目，按印出的顺序，一栏一项：内置栏目写 field（“单位名称”“主管部门”“评价类型”“评价方式”“评价机构”“报告日期”），自定栏目写 label 和 value（如 { label = \"预算编码\", value = \"301001\" }）。不写则印六个内置栏目；少写一项就不印那一项。",
    ),
    (
        "cover.fields.field",
        "内置栏目：“单位名称”“主管部门”“评价类型”“评价方式”“评价机构”“报告日期”，值取自 [cover] 的对应键。",
    ),
    ("cover.fields.label", "栏目名称（内置栏目不写则用 [labels] 中的名称），如“预算编码”“评价小组”。"),
    (
        "cover.fields.value",
        "栏目内容（内置栏目不写则取 [cover] 的对应键），如“301001”“张某（组长）、李某、王某”。",
    ),
    // [attachment1]
    (
        "attachment1",
        "附件1 部门整体支出绩效评价基础数据表中只在这里出现的数据；人员、“三公”经费、项目支出和公用经费取自上文，不重复填写。",
    ),
    (
        "attachment1.procurement_budget",
        "政府采购金额：本年预算数（万元）。来源：政府采购预算或决算的政府采购情况表。",
    ),
    ("attachment1.procurement_actual", "政府采购金额：本年决算数（万元）。来源：决算的政府采购情况表。"),
    (
        "attachment1.buildings",
        "楼堂馆所控制情况（本年完工的项目），一个项目一段；没有则不写，表中印空白（要印 0 就写一段各项为 0 的）。",
    ),
    ("attachment1.buildings.name", "项目名称。"),
    ("attachment1.buildings.approved_area", "批复规模（平方米）。"),
    ("attachment1.buildings.actual_area", "实际规模（平方米）。"),
    ("attachment1.buildings.budget_investment", "预算投资（万元）。"),
    ("attachment1.buildings.actual_investment", "实际投资（万元）。"),
    ("attachment1.frugality", "厉行节约保障措施，一条一行，不写序号。"),
    ("attachment1.name", "版式（通常由模板给出）：附件说明中这张表的名称。"),
    ("attachment1.title", "版式：表的标题，一行一个字符串；{年度} 换成报告年度。"),
    (
        "attachment1.rows",
        "版式：“经费控制情况”各行，按顺序；每行写 label 和 figure，或用 each 为每个项目、每项公用经费明细各印一行。只写 label 的行印空白格（如“县级专项资金（一个专项一行）”）。",
    ),
    ("attachment1.rows.label", "这一行的名称；each 行中 {n} 是序号、{名称} 是项目名称。"),
    ("attachment1.rows.first", "each 行的第一行另用的名称，如“其中：{名称}”。"),
    (
        "attachment1.rows.figure",
        "这一行印哪组数：“三公经费”“公务用车购置和维护经费”“公务用车购置”“公务用车运行维护费”“因公出国（境）费”“公务接待费”“项目支出”“公用经费”“政府采购金额”“基本支出预算调整”。",
    ),
    (
        "attachment1.rows.each",
        "“项目”（每个 [[projects.items]] 一行）或“公用经费明细”（每个 [[basic.public_items]] 一行）。",
    ),
    ("attachment1.rows.indent", "名称缩进：0（顶格）、1、2（“其中：”）、3（“其中：”之下）。"),
    ("attachment1.rows.first_indent", "each 行的第一行另用的缩进。"),
    ("attachment1.rows.no_last_year", "上年决算数一格不适用，印“——”：true。"),
    (
        "attachment1.signoff",
        "版式：表下是否印“填表人、填报日期、联系电话、单位负责人签字”一行：true（默认）或 false。",
    ),
    (
        "attachment2.signoff",
        "版式：表下是否印“填表人……”一行：true（默认）或 false（重庆式表的联系人和电话已在表头）。",
    ),
    (
        "attachment2.header",
        "表上方的一行，一项一个字符串，各项左右分散排开，如 [\"单位名称：{单位全称}\", \"填报日期：2024年3月20日\"]。不写则不印。",
    ),
    (
        "attachment1.header",
        "表上方的一行，一项一个字符串，各项左右分散排开，如 [\"单位名称：{单位全称}\", \"金额单位：万元\"]。不写则不印。",
    ),
    (
        "attachment2.notes",
        "表下印的说明，一段一个字符串，如 [\"备注：1.正向指标得分 = 权重 × 实际完成值 ÷ 年初目标值，最高不超过权重；……\"]。文字中可以用 {键} 引用数字。不写则不印。",
    ),
    (
        "attachment1.budget_column",
        "版式：项目支出各行“本年预算数”印哪个数：“全年预算数”（默认，即 budget）或“年初预算数”（即 initial）。",
    ),
    // [attachment2]
    ("attachment2", "附件2 部门整体支出绩效自评表。分值合计须为 100；合计得分和评价等级由 jixiao 计算。"),
    ("attachment2.execution_weight", "预算执行率的分值，通常为 10（重庆式表中即“执行率权重”）。"),
    ("attachment2.name", "版式（通常由模板给出）：附件说明中这张表的名称，如“部门整体支出绩效自评表”。"),
    (
        "attachment2.title",
        "版式：表的标题，一行一个字符串，如 [\"部门整体支出绩效自评表\", \"（{年度}年度）\"]。",
    ),
    (
        "project_forms",
        "项目的自评表，一个项目一张，印在部门的自评表之后（parts 中写“项目自评表”）。键和 [attachment2] 相同；不写的版式键沿用部门自评表的（模板的）。表中的数字以“项目自评表1.”“项目自评表2.”……开头引用，如 {项目自评表1.总得分}。",
    ),
    (
        "attachment2.project",
        "只用于 [[project_forms]]：这张表评的是哪个项目，写 [[projects.items]] 中的 name；表中的全年预算数、全年执行数和执行率取这个项目的。",
    ),
    (
        "attachment2.extra_rows",
        "自评表中指标以外的行，每行一个标签、一段文字（文字横跨其余各列），如 { label = \"偏差大或目标未完成原因分析\", text = \"……\" }。文字中可以用 {键} 引用数字。",
    ),
    ("attachment2.extra_rows.label", "这一行左边的标签，如“改进措施及结果应用方案”。"),
    ("attachment2.extra_rows.text", "这一行的文字；不写则印空格子，留给手填。"),
    (
        "attachment2.extra_rows.place",
        "印在哪里：“表末”（总分行之后，默认）或“总分前”（指标之后、总分行之前）。",
    ),
    (
        "attachment2.columns",
        "版式：指标表在指标名称之后的各列，按顺序，每列 { field = \"…\", header = \"表头\" }。field 可选：“计量单位”“指标性质”“指标值”“调整后指标值”“完成值”“分值”“得分系数”“得分”“是否核心指标”“偏差原因”“指标解释”“评分标准”“等级”（按得分占分值的比例：90%以上为优……）。有“得分”一列才算分。",
    ),
    ("attachment2.columns.field", "这一列印指标的哪一项（见 columns 的说明）。"),
    ("attachment2.columns.header", "表头文字（不写则用 field 的名称），如“年度指标值”“权重”“自评得分”。"),
    (
        "attachment2.levels",
        "版式：指标名称几列和它们的表头，如 [\"一级指标\", \"二级指标\", \"三级指标\"]；不分级的表写 [\"指标名称\"]。",
    ),
    ("attachment2.level1_weight", "版式：一级指标下是否印它的分值合计，如“（50分）”：true 或 false。"),
    ("attachment2.level2_weight", "版式：二级指标下是否印它的分值合计，如“（20分）”：true 或 false。"),
    (
        "attachment2.name_weight",
        "版式：指标名称后是否印这一行自己的分值，如“预算执行率（5分）”：true 或 false。",
    ),
    (
        "attachment2.level_weight_columns",
        "版式：一级指标、二级指标的名称列之后各加一列分值，印这一指标下各行分值的合计（跨行合并），如长沙的表式：true 或 false。",
    ),
    (
        "attachment2.by_nature",
        "版式：湖南式表“按支出性质分”印哪个数：“预算数”（默认：基本支出调整后预算 + 项目支出预算，合计为全年预算数）或“执行数”（合计为全年执行数）。",
    ),
    ("attachment2.split_totals", "版式：是否在“按收入性质分：”“按支出性质分：”后印出合计：true 或 false。"),
    ("attachment2.overall_goal_adjusted", "全年（调整）目标（重庆式表；可省略）。"),
    ("attachment2.finance_office", "财政处室：对口的财政部门处室（重庆式表）。"),
    ("attachment2.contact", "部门联系人（重庆式表）；联系电话写在 [form] phone。"),
    (
        "attachment2.execution_score",
        "预算执行率得分（可省略：省略时按 [settings] 的评分规则计算；填写时 jixiao 会核对）。",
    ),
    (
        "attachment2.overall_goal",
        "年度总体目标：预期目标（\"\" 表示不填）。来源：年初申报的部门整体支出绩效目标表。",
    ),
    ("attachment2.overall_result", "年度总体目标：实际完成情况（\"\" 表示不填）。"),
    (
        "attachment2.indicators",
        "绩效指标，一行一段。一级、二级指标不写则沿用上一行（合并单元格）；只有名称的行（“指标1：”“……”）是表格原有的空行。来源：年初申报的绩效目标表（指标、指标值、分值），完成值和得分按年度实际自评。",
    ),
    ("attachment2.indicators.level1", "一级指标：产出指标、效益指标或满意度指标。"),
    (
        "attachment2.indicators.level2",
        "二级指标，如数量指标、质量指标、时效指标、成本指标、社会效益指标、服务对象满意度指标。",
    ),
    ("attachment2.indicators.name", "三级指标名称。"),
    ("attachment2.indicators.target", "年度指标值（目标），如“≥270人次”。"),
    ("attachment2.indicators.actual", "实际完成值，如“553人”。"),
    (
        "attachment2.indicators.from",
        "取自数据：“满意度”的指标值和完成值取自 [satisfaction]；“预算执行率”的分值、完成值和得分取自预算执行率（评分表中把执行率作为一行时用）。可省略。",
    ),
    ("attachment2.indicators.weight", "分值。"),
    ("attachment2.indicators.score", "得分，不能超过分值。"),
    ("attachment2.indicators.analysis", "偏差原因分析及改进措施，评分表中为扣分原因（可省略）。"),
    ("attachment2.indicators.target_adjusted", "调整后指标值（可省略）。"),
    (
        "attachment2.indicators.coefficient",
        "得分系数（%，可省略）：写了，得分由 jixiao 按 分值 × 得分系数 计算；同时写了 score 则核对（J211）。",
    ),
    ("attachment2.indicators.core", "是否核心指标：true 或 false（可省略）。"),
    ("attachment2.indicators.explanation", "指标解释（评分表；可省略）。"),
    ("attachment2.indicators.criteria", "评分标准，如“每低一个百分点扣0.1分，扣完为止”（评分表；可省略）。"),
    ("attachment2.indicators.unit", "度量单位，如“人次”“%”；只在 form = \"含指标性质\" 的表中印出。"),
    (
        "attachment2.indicators.nature",
        "指标性质，如“正向”“反向”“定量”“定性”；只在 form = \"含指标性质\" 的表中印出。",
    ),
    (
        "attachment2.form",
        "附件2 用哪种表（通常由模板给出）：“湖南”（按收入性质分、按支出性质分并列）、“全国”（财政部的表式，按资金来源分行）、“重庆”（表头有主管部门、财政处室，指标不分级）、“评分表”（投入、过程、产出、效果）、“二八式”（部门整体支出总额一行：预算数A、执行数B、执行率B/A、得分；再接年度总体目标和指标表），以及湖南式的“无分值”“含指标性质”。",
    ),
    (
        "attachment2.grade",
        "评价等级：“优秀”“良好”“中”“差”。无分值的表必须写；有分值时可不写（由总分得出），写了会与总分核对。",
    ),
    // [form]
    ("form", "两张附表末行的填表信息；\"\" 表示留空。"),
    ("form.filled_by", "填表人。"),
    ("form.date", "填报日期，如“2021年3月15日”。"),
    ("form.phone", "联系电话。"),
    // [settings]
    ("settings", "版式和评分规则；都可省略，省略时用默认值。"),
    (
        "settings.numbering",
        "四级标题的序号样式，如 [\"{一}、\", \"（{一}）\", \"{1}.\", \"（{1}）\"]：{一} 是汉字数字，{1} 是阿拉伯数字，{①} 是圈码；{1.1}、{1.1.1} 印出从一级到本级的各级序号，用点连接，如 [\"{1}.\", \"{1.1}\", \"{1.1.1}\"] 印成 1. / 1.1 / 1.1.1。",
    ),
    (
        "settings.numbering_start",
        "各级序号从几开始，按级写，如 [13] 表示一级标题从“十三、”起（接在决算公开的第十二部分之后）；不写从 1 起。",
    ),
    ("settings.level3_numbering", "三级标题序号：“1.”（GB/T 9704，默认）或“1、”。"),
    (
        "settings.numbers",
        "各类数字印几位小数，按 Excel 的数字格式写：“0”整数，“0.0”一位，“0.00”两位，“0.#”“0.##”去掉末尾的 0（35.9%、7.6）。",
    ),
    ("settings.numbers.amount", "金额（万元），默认“0.00”。"),
    ("settings.numbers.share", "占比和控制率，默认“0.00”。"),
    ("settings.numbers.growth", "增长率、下降率，默认“0.00”。"),
    ("settings.numbers.rate", "预算执行率，默认“0”（印成“96%”）；“0.00”印成“102.59%”。"),
    ("settings.numbers.score", "分值和得分，默认“0.##”；重庆式“0.0”。"),
    (
        "settings.execution_score_basis",
        "评分规则用哪个执行率：“印出的执行率”（默认，印出的执行率和得分总是对得上）或“精确执行率”。",
    ),
    ("settings.attachment_label", "附件标识写作“附件1”（默认）或“附件一”。"),
    ("settings.execution_rate_decimals", "预算执行率印几位小数（整数，默认 0，印成“96%”）。"),
    (
        "settings.execution_score_rule",
        "预算执行率评分规则：“每低1个百分点扣1分”（默认）、“按比例”（执行率 × 分值）、“每低5个百分点扣2分”或“每偏离1个百分点扣0.1分”。",
    ),
    ("settings.placeholder_rows", "附件2 是否印出“指标1：”“……”这样的空行：true 印（默认），false 不印。"),
    ("settings.page_numbers", "页码位置：“单双页”（单页在右、双页在左，默认）或“居中”。"),
    ("settings.bold_level3", "三级标题是否加粗：true 或 false（默认）。"),
    (
        "settings.hide",
        "不印的部分，列表：“标题”（正文标题）、“表题”（附件表格的标题）、“单位名称行”、“总分行”（自评表的总分）、“附件标识”（表格上方的“附件1”）、“附件说明”（正文后的“附件：…”）、“意见页”（封面后的意见页）。报告写 hide = [] 可把模板关掉的部分重新打开。",
    ),
    (
        "settings.grade_words",
        "评价等级印成的四个字样，从高到低，如 [\"优\", \"良\", \"中\", \"差\"]；不写为“优秀”“良好”“中”“差”。分数线固定：90分（含）以上、80分（含）以上、60分（含）以上、60分以下；自评表“等级”一列按各行得分占分值的比例定级。",
    ),
    // [fonts]
    (
        "fonts",
        "单位自有的字体（如方正小标宋简体、仿宋_GB2312）：字体文件夹和每种用途用哪个字体。不写则用内置的免费字体。",
    ),
    ("fonts.path", "字体文件夹，相对于本文件所在的文件夹，如“字体”；也可以在命令行用 --font-path 给出。"),
    (
        "fonts.fangsong",
        "仿宋（正文、表格）用的字体名，如“FangSong_GB2312”。找不到这个字体时报错，不会悄悄换用别的字体。",
    ),
    ("fonts.kaiti", "楷体（二级标题）用的字体名，如“KaiTi_GB2312”。"),
    ("fonts.heiti", "黑体（一级标题、附件标识）用的字体名，如“SimHei”。"),
    ("fonts.songti", "宋体（页码）用的字体名，如“SimSun”。"),
    ("fonts.xiaobiaosong", "小标宋（标题）用的字体名，如“FZXiaoBiaoSong-B05S”。"),
    // [[allow]]
    (
        "sentences",
        "版式：正文中由数据生成的句子的写法，按句式的名称（数据块的名称如“车辆”，某种写法写“评价结论/得分在前”，列表的一项如“三公经费.项”，一种情形如“较上年/持平”；全部名称见 jixiao keys 本文件 --sentences），每项写几种备选句式：依次取第一个所引用的名称都有的句式。句式中用 {名称} 引用本句的数字和文字，或 {键} 引用报告中任何一个数字（键见 jixiao keys）；[……] 是可省的一段，其中的名称都有时才印。例：\"车辆\" = [\"{单位}{年度}年末共有公务用车{实有车辆}。\"]。不写则用模板的写法。",
    ),
    (
        "stated",
        "照公开的报告写明的数字：键 = 数字，键见 jixiao keys 本文件（中文键要加引号），如 \"总收入\" = 1706.98、\"内设机构数\" = 10。写明的数字就是印出的数字；总收入、总支出、附件2.全年预算数、附件2.全年执行数写明后，执行率等由它们算出的数也用它。文件中的数据也能算出这个数时，两者不符报错 J212（财政部门审定的，用 [[allow]] 写明理由）；算不出时（没有明细），照写明的印。",
    ),
    (
        "allow",
        "已经核对过、有意保留的问题：一条一段，写明检查编号、理由和位置。它仍会显示为“提示”并附上理由。财政部门按原样审定的表中数据不一致（J2xx 错误），写明位置（at）后可以照印；读文件、格式、字形等错误不能放过。",
    ),
    ("allow.code", "检查规则的编号，如“J301”（见每条警告开头的方括号）。"),
    ("allow.reason", "为什么保留，如“原文照录，已与财务科核对”。理由印在检查结果中，并写入 PDF 的元数据。"),
    (
        "allow.at",
        "放过的位置：键的路径，如“finance.by_source.general”“basic.budget”；一组中的一项写“projects.items[2]”（从 1 数起）。不写则放过全文件的这类警告；数据之间的不一致（J2xx 错误）必须写明位置。",
    ),
    (
        "allow.amounts",
        "放过数据不一致（J2xx）时，当时涉及的金额，如 [1864.04, 1794.03]（jixiao check 在帮助中给出这一行）。金额变了，这条 allow 就不再放过，检查会列出原来和现在的金额。",
    ),
    (
        "labels",
        "表格和封面上的固定文字（通常由模板给出）：要改某个标签时才写，如 department = \"预算部门、单位名称\"。",
    ),
];

/// The description of the key at `path` (see [`FIELDS`]). A key of `[labels]` is described by
/// the text it replaces, as the default template prints it.
pub fn doc(path: &str) -> Option<&'static str> {
    if let Some((_, d)) = FIELDS.iter().find(|(p, _)| *p == path) {
        return Some(d);
    }
    if let Some(key) = path.strip_prefix("labels.") {
        return label_doc(key);
    }
    // A project's 自评表 has the keys of `[attachment2]`, meaning the same for its project.
    if let Some(key) = path.strip_prefix("project_forms.") {
        return doc(&format!("attachment2.{key}"));
    }
    FIELDS.iter().find(|(p, _)| p.contains('*') && matches(p, path)).map(|(_, d)| *d)
}

/// Whether a pattern with `*` segments matches `path`.
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut a, mut b) = (pattern.split('.'), path.split('.'));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == "*" || x == y => {}
            _ => return false,
        }
    }
}

/// “附件2等表格中的固定文字，默认“预算部门”。”, from the default template's `[labels]`.
fn label_doc(key: &str) -> Option<&'static str> {
    use std::collections::HashMap;
    use std::sync::LazyLock;
    static DOCS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
        super::template::default_preset()
            .file
            .labels
            .entries()
            .into_iter()
            .filter_map(|(k, v)| {
                let text: &'static str =
                    Box::leak(format!("表格或封面上的固定文字，默认“{}”。", v?.value).into_boxed_str());
                Some((k, text))
            })
            .collect()
    });
    DOCS.get(key).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_entries_win_over_patterns() {
        assert!(doc("basic.personnel").unwrap().starts_with("人员经费"));
        assert!(doc("basic.capital.actual").unwrap().starts_with("本年决算数"));
        assert!(doc("sangong.reception.batches").unwrap().contains("批次"));
        assert_eq!(doc("basic.nothing.here"), None);
        assert_eq!(doc("nope"), None);
    }
}
