"""Writes ``garment.tsv``, the starter glossary for the garment and textile domain.

Kept as code so every entry's source sits next to it and the TSV is regenerated, not hand-edited:
``python glossary/data/build_garment.py``. Only names and renderings we could attribute to a
public, official usage are included; the ``source`` column says where each comes from.
"""

from __future__ import annotations

from pathlib import Path

from corpus.atomic import atomic_write_text

CNTAC = "CNTAC English website (www.cntac.org.cn)"
CNGA = "CNGA English name, used on its website (www.cnga.org.cn) and by CNTAC"
MIIT = "MIIT English website (www.miit.gov.cn)"
MOFCOM = "MOFCOM English website (english.mofcom.gov.cn)"
GOV = "Chinese government English usage (english.www.gov.cn, Xinhua)"
NBS = "National Bureau of Statistics English releases (www.stats.gov.cn/english)"
PINYIN = "Hanyu Pinyin place name (GB/T 16159, official romanisation)"
SEEDS = "as used in the project's seed articles and brief; no official English name verified"

# zh (| synonyms), preferred, admitted, deprecated, superseded, forbidden, domain, note, source
ENTRIES: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    # organisations
    ("中国纺织工业联合会|中纺联", "China National Textile and Apparel Council", "CNTAC", "", "",
     "China Textile Industry Federation|China National Textile Industry Federation",
     "org", "literal renderings of 联合会 as 'Federation' are not the council's name", CNTAC),
    ("中国服装协会|中服协", "China National Garment Association", "CNGA",
     "China Garment Association", "", "", "org",
     "'China Garment Association' drops 'National'; common in machine translation, "
     "deprecated rather than forbidden because readers still identify the body", CNGA),
    ("工业和信息化部|工信部", "Ministry of Industry and Information Technology", "MIIT", "", "",
     "", "org", "", MIIT),
    ("工业和信息化部消费品工业司|消费品工业司", "Department of Consumer Goods Industry", "", "",
     "", "", "org", "a department of MIIT", MIIT),
    ("商务部", "Ministry of Commerce", "MOFCOM", "", "", "", "org", "", MOFCOM),
    ("国家发展和改革委员会|国家发展改革委|国家发改委", "National Development and Reform Commission",
     "NDRC", "", "", "", "org", "", GOV),
    ("国家统计局", "National Bureau of Statistics", "NBS", "", "", "", "org", "", NBS),
    ("海关总署", "General Administration of Customs", "GACC", "", "", "", "org", "", GOV),
    ("国务院", "State Council", "", "", "", "", "org", "", GOV),
    ("中国国际贸易促进委员会|中国贸促会", "China Council for the Promotion of International Trade",
     "CCPIT", "", "", "", "org", "", GOV),
    ("中国纺织信息中心", "China Textile Information Center",
     "CTIC|China Textile Information Centre", "", "", "", "org", "a CNTAC body", CNTAC),
    ("中国服装设计师协会", "China Fashion Designers Association", "CFDA", "", "", "", "org", "",
     CNTAC),
    ("中国棉纺织行业协会", "China Cotton Textile Association", "CCTA", "", "", "", "org", "",
     CNTAC),
    ("浙江省服装行业协会", "Zhejiang Garment Industry Association", "", "", "", "", "org", "",
     SEEDS),
    ("中国服装科创研究院", "China Garment Science and Innovation Research Institute",
     "China Garment Science and Innovation Institute|"
     "China Garment Science and Technology Innovation Research Institute", "", "", "", "org",
     "科创 abbreviates 科技创新; the longer variant spells it out", SEEDS),
    ("东华大学", "Donghua University", "", "", "", "", "org", "",
     "Donghua University (www.dhu.edu.cn)"),
    ("中国国际服装服饰博览会", "China International Fashion Fair", "CHIC", "", "", "", "event",
     "", CNGA),
    # policy and economy
    ("一带一路", "Belt and Road", "Belt and Road Initiative|BRI",
     "One Belt One Road|One Belt, One Road", "", "", "policy",
     "official guidance since 2015 is 'the Belt and Road Initiative'", GOV),
    ("高质量发展", "high-quality development", "", "", "", "", "policy", "", GOV),
    ("新质生产力", "new quality productive forces", "new quality productivity", "", "", "",
     "policy", "", GOV),
    ("十四五", "14th Five-Year Plan", "", "", "", "", "policy",
     "the 2021–2025 plan period", GOV),
    ("十五五", "15th Five-Year Plan", "", "", "", "", "policy", "the 2026–2030 plan period", GOV),
    ("数字化转型", "digital transformation", "", "", "", "", "policy", "", GOV),
    ("转型升级", "transformation and upgrading", "transformation and upgrade", "", "",
     "pformation and upgrading", "policy",
     "'pformation' is a machine-translation garble seen in the seeds", GOV),
    ("转型", "transformation", "", "", "", "", "policy", "", GOV),
    ("升级", "upgrading", "upgrade", "", "", "", "policy", "", GOV),
    ("转移", "transfer", "relocation|shift", "", "", "", "policy", "", GOV),
    ("产业转移", "industrial transfer", "industry transfer|industrial relocation", "", "", "",
     "policy", "", GOV),
    ("碳达峰", "carbon peaking", "peak carbon emissions", "", "", "", "policy", "", GOV),
    ("碳中和", "carbon neutrality", "", "", "", "", "policy", "", GOV),
    ("绿色发展", "green development", "", "", "", "", "policy", "", GOV),
    ("可持续发展", "sustainable development", "", "", "", "", "policy", "", GOV),
    ("协同创新", "collaborative innovation", "", "", "", "", "policy", "", GOV),
    ("智能制造", "intelligent manufacturing", "smart manufacturing", "", "", "", "industry", "",
     MIIT),
    ("工业互联网", "industrial Internet", "", "", "", "", "industry", "", MIIT),
    ("规模以上企业|规上企业", "enterprises above designated size", "", "", "", "", "statistics",
     "enterprises with annual main business revenue above the NBS threshold", NBS),
    ("中小企业", "small and medium-sized enterprises", "SMEs", "", "", "", "industry", "", MIIT),
    ("产业链", "industrial chain", "industry chain", "", "", "", "industry", "", GOV),
    ("供应链", "supply chain", "", "", "", "", "industry", "", GOV),
    ("价值链", "value chain", "", "", "", "", "industry", "", GOV),
    ("产业集群", "industrial cluster", "industry cluster", "", "", "", "industry", "", MIIT),
    ("跨境电商|跨境电子商务", "cross-border e-commerce", "", "", "", "", "trade", "", MOFCOM),
    ("外贸", "foreign trade", "", "", "", "", "trade", "", MOFCOM),
    ("非物质文化遗产|非遗", "intangible cultural heritage", "", "", "", "", "culture", "", GOV),
    # textile and apparel
    ("纺织服装", "textile and apparel", "textile and garment|textile and clothing", "", "", "",
     "textile", "CNTAC's own name uses 'Textile and Apparel'", CNTAC),
    ("纺织工业|纺织行业", "textile industry", "", "", "", "", "textile", "", CNTAC),
    ("服装行业|服装产业", "garment industry", "apparel industry|clothing industry", "", "", "",
     "textile", "CNGA's name uses 'Garment'", CNGA),
    ("纺织品", "textiles", "textile products", "", "", "", "textile", "", CNTAC),
    ("面料", "fabric", "fabrics", "", "", "", "textile", "", CNTAC),
    ("羽绒服", "down jacket", "down garment", "", "", "", "textile", "", CNGA),
    # offices in associations
    ("秘书长", "Secretary General", "Secretary-General", "", "", "", "title", "", CNGA),
    ("执行秘书长", "Executive Secretary General", "", "", "", "", "title", "", CNGA),
    ("副秘书长", "Deputy Secretary General", "", "", "", "", "title", "", CNGA),
    ("会长", "President", "", "", "", "", "title", "head of an association", CNGA),
    ("副会长", "Vice President", "", "", "", "", "title", "", CNGA),
    ("常务副会长", "Executive Vice President", "", "", "", "", "title", "", CNGA),
    ("专职副会长", "Full-time Vice President", "", "", "", "", "title", "", CNGA),
    # places (official romanisation)
    ("浙江省", "Zhejiang Province", "Zhejiang", "", "", "", "place", "", PINYIN),
    ("杭州", "Hangzhou", "", "", "", "", "place", "", PINYIN),
    ("宁波", "Ningbo", "", "", "", "", "place", "", PINYIN),
    ("温州", "Wenzhou", "", "", "", "", "place", "", PINYIN),
    ("嘉兴", "Jiaxing", "", "", "", "", "place", "", PINYIN),
    ("义乌", "Yiwu", "", "", "", "", "place", "", PINYIN),
    ("绍兴", "Shaoxing", "", "", "", "", "place", "", PINYIN),
    ("湖州", "Huzhou", "", "", "", "", "place", "", PINYIN),
    ("虎门", "Humen", "", "", "", "", "place", "", PINYIN),
    ("平湖", "Pinghu", "", "", "", "", "place", "", PINYIN),
    ("丹东", "Dandong", "", "", "", "", "place", "", PINYIN),
    ("乌鲁木齐", "Urumqi", "", "", "", "", "place", "customary spelling, not Hanyu Pinyin", GOV),
    ("新疆维吾尔自治区", "Xinjiang Uygur Autonomous Region", "Xinjiang Uyghur Autonomous Region",
     "", "", "", "place", "", GOV),
]

COLUMNS = ("zh", "en", "en_admitted", "en_deprecated", "en_superseded", "en_forbidden",
           "domain", "note", "source")


def main() -> None:
    """Regenerate garment.tsv beside this script."""
    lines = ["# bitextual starter glossary: garment and textile industry (China).",
             "# Written for bitextual from public sources named in the 'source' column.",
             "# Regenerate with: python glossary/data/build_garment.py",
             "\t".join(COLUMNS)]
    seen: set[str] = set()
    for entry in ENTRIES:
        assert len(entry) == len(COLUMNS), entry
        assert entry[0] not in seen, entry[0]
        seen.add(entry[0])
        assert not any("\t" in cell for cell in entry)
        lines.append("\t".join(cell.strip() for cell in entry))
    atomic_write_text(Path(__file__).parent / "garment.tsv", "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
