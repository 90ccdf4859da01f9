# Hand-written gold table (records typed by hand from reading the document text); this script only serialises them.
import json, os
HERE = os.path.dirname(os.path.abspath(__file__))

N57 = dict(document="57-NQ/TW", level="quốc gia", province=None)
P67 = dict(document="67-CTr/TU", level="tỉnh", province="Sóc Trăng")
S57_30 = "II- MỤC TIÊU › 1. Đến năm 2030"
S57_45 = "II- MỤC TIÊU › 2. Tầm nhìn đến năm 2045"
S67_30 = "II- MỤC TIÊU › 2. Mục tiêu cụ thể đến năm 2030"
S67_45 = "II- MỤC TIÊU › 3. Tầm nhìn đến năm 2045"

def r(doc, year, indicator, value, comparator, number, unit, section, quote, number_max=None, notes=None):
    d = dict(doc)
    d.update(year=year, indicator=indicator, value=value, comparator=comparator,
             number=float(number), number_max=(float(number_max) if number_max is not None else None),
             unit=unit, section=section, quote=quote)
    if notes:
        d["notes"] = notes
    return d

Q57_RANK = "Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới về năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử"
Q57_B2 = {
 "tfp": "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức trên 55%",
 "xk": "tỉ trọng xuất khẩu sản phẩm công nghệ cao trên tổng giá trị hàng hoá xuất khẩu đạt tối thiểu 50%",
 "kts": "Quy mô kinh tế số đạt tối thiểu 30% GDP.",
 "dvc": "Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên 80%",
 "gd": "giao dịch không dùng tiền mặt đạt 80%.",
 "dn": "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp.",
 "hdi": "Khoa học, công nghệ và đổi mới sáng tạo góp phần quan trọng xây dựng, phát triển giá trị văn hoá, xã hội, con người Việt Nam, đóng góp vào chỉ số phát triển con người (HDI) duy trì trên 0,7.",
}
records = [
 # ---------------- Resolution 57, 2030 ----------------
 r(N57, 2030, "Năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử (xếp hạng Đông Nam Á)",
   "nhóm 3 nước dẫn đầu Đông Nam Á", "rank", 3, "nhóm nước", S57_30, Q57_RANK,
   notes="Một con số xếp hạng áp cho hai chỉ số (năng lực cạnh tranh số; chỉ số phát triển Chính phủ điện tử) — ghi một bản ghi; cụm 'về …' đứng cuối câu và áp cho cả 'nhóm 3' lẫn 'nhóm 50'."),
 r(N57, 2030, "Năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử (xếp hạng thế giới)",
   "nhóm 50 nước đứng đầu thế giới", "rank", 50, "nhóm nước", S57_30, Q57_RANK,
   notes="Cùng câu với bản ghi 'nhóm 3 nước dẫn đầu Đông Nam Á'; hai chỉ số gộp một bản ghi."),
 r(N57, 2030, "Nghiên cứu và phát triển trí tuệ nhân tạo",
   "nhóm 3 nước dẫn đầu khu vực Đông Nam Á", "rank", 3, "nhóm nước", S57_30,
   "nhóm 3 nước dẫn đầu khu vực Đông Nam Á về nghiên cứu và phát triển trí tuệ nhân tạo"),
 r(N57, 2030, "Doanh nghiệp công nghệ số ngang tầm các nước tiên tiến",
   "tối thiểu có 5 doanh nghiệp", ">=", 5, "doanh nghiệp", S57_30,
   "Tối thiểu có 5 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến."),
 r(N57, 2030, "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế",
   "trên 55%", ">", 55, "%", S57_30, Q57_B2["tfp"]),
 r(N57, 2030, "Tỉ trọng xuất khẩu sản phẩm công nghệ cao trên tổng giá trị hàng hoá xuất khẩu",
   "tối thiểu 50%", ">=", 50, "%", S57_30, Q57_B2["xk"]),
 r(N57, 2030, "Quy mô kinh tế số", "tối thiểu 30% GDP", ">=", 30, "% GDP", S57_30, Q57_B2["kts"]),
 r(N57, 2030, "Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp",
   "trên 80%", ">", 80, "%", S57_30, Q57_B2["dvc"]),
 r(N57, 2030, "Giao dịch không dùng tiền mặt", "80%", "=", 80, "%", S57_30, Q57_B2["gd"],
   notes="Văn bản ghi 'đạt 80%' (không có 'trên'), khác Chương trình 67 ('đạt trên 80%'). Mẫu số của tỉ lệ không nói rõ."),
 r(N57, 2030, "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo",
   "trên 40% trong tổng số doanh nghiệp", ">", 40, "%", S57_30, Q57_B2["dn"]),
 r(N57, 2030, "Chỉ số phát triển con người (HDI)", "duy trì trên 0,7", ">", 0.7, "chỉ số", S57_30, Q57_B2["hdi"],
   notes="Chỉ số không đơn vị; 'duy trì trên' xếp là '>'. Số viết kiểu Việt '0,7'."),
 r(N57, 2030, "Kinh phí chi cho nghiên cứu phát triển (R&D)", "2% GDP", "=", 2, "% GDP", S57_30,
   "Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP"),
 r(N57, 2030, "Kinh phí từ xã hội (trong kinh phí R&D)", "hơn 60%", ">", 60, "%", S57_30,
   "trong đó kinh phí từ xã hội chiếm hơn 60%",
   notes="Tỉ lệ trên tổng kinh phí R&D, không phải trên GDP."),
 r(N57, 2030, "Bố trí tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số quốc gia",
   "ít nhất 3% tổng chi ngân sách hàng năm", ">=", 3, "% tổng chi ngân sách", S57_30,
   "bố trí ít nhất 3% tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số quốc gia và tăng dần theo yêu cầu phát triển."),
 r(N57, 2030, "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo",
   "12 người trên một vạn dân", "=", 12, "người/vạn dân", S57_30,
   "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo đạt 12 người trên một vạn dân"),
 r(N57, 2030, "Tổ chức khoa học và công nghệ được xếp hạng khu vực và thế giới",
   "từ 40 - 50 tổ chức", "range", 40, "tổ chức", S57_30,
   "có từ 40 - 50 tổ chức khoa học và công nghệ được xếp hạng khu vực và thế giới", number_max=50),
 r(N57, 2030, "Số lượng công bố khoa học quốc tế", "tăng trung bình 10%/năm", "=", 10, "%/năm", S57_30,
   "số lượng công bố khoa học quốc tế tăng trung bình 10%/năm",
   notes="Tốc độ tăng bình quân; không có từ chỉ ngưỡng nên xếp '='."),
 r(N57, 2030, "Số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế",
   "tăng trung bình 16 - 18%/năm", "range", 16, "%/năm", S57_30,
   "số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế tăng trung bình 16 - 18%/năm", number_max=18),
 r(N57, 2030, "Tỉ lệ khai thác thương mại (sáng chế)", "8 - 10%", "range", 8, "%", S57_30,
   "tỉ lệ khai thác thương mại đạt 8 - 10%.", number_max=10),
 r(N57, 2030, "Tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam (thu hút thêm)",
   "ít nhất 3 tổ chức, doanh nghiệp", ">=", 3, "tổ chức, doanh nghiệp", S57_30,
   "Thu hút thêm ít nhất 3 tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam."),
 # ---------------- Resolution 57, 2045 ----------------
 r(N57, 2045, "Quy mô kinh tế số", "tối thiểu 50% GDP", ">=", 50, "% GDP", S57_45,
   "Việt Nam có quy mô kinh tế số đạt tối thiểu 50% GDP"),
 r(N57, 2045, "Đổi mới sáng tạo, chuyển đổi số (xếp hạng thế giới)", "nhóm 30 nước dẫn đầu thế giới", "rank", 30, "nhóm nước", S57_45,
   "thuộc nhóm 30 nước dẫn đầu thế giới về đổi mới sáng tạo, chuyển đổi số."),
 r(N57, 2045, "Doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", "tối thiểu có 10 doanh nghiệp", ">=", 10, "doanh nghiệp", S57_45,
   "tối thiểu có 10 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến."),
 r(N57, 2045, "Tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam (thu hút thêm)",
   "ít nhất 5 tổ chức, doanh nghiệp", ">=", 5, "tổ chức, doanh nghiệp", S57_45,
   "Thu hút thêm ít nhất 5 tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam."),
 # ---------------- Programme 67, 2030 ----------------
 r(P67, 2030, "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế", "trên 55%", ">", 55, "%", S67_30 + " › (2)",
   "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức trên 55%."),
 r(P67, 2030, "Quy mô kinh tế số", "tối thiểu 30% GRDP", ">=", 30, "% GRDP", S67_30 + " › (2)",
   "Quy mô kinh tế số đạt tối thiểu 30% GRDP."),
 r(P67, 2030, "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp", "trên 80%", ">", 80, "%", S67_30 + " › (2)",
   "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp đạt trên 80%"),
 r(P67, 2030, "Giao dịch không dùng tiền mặt", "trên 80%", ">", 80, "%", S67_30 + " › (2)",
   "giao dịch không dùng tiền mặt đạt trên 80%.",
   notes="Khác Nghị quyết 57 ('đạt 80%')."),
 r(P67, 2030, "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "trên 40% trong tổng số doanh nghiệp", ">", 40, "%", S67_30 + " › (2)",
   "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp."),
 r(P67, 2030, "Chỉ số phát triển con người (HDI) của tỉnh", "duy trì trên 0,7", ">", 0.7, "chỉ số", S67_30 + " › (2)",
   "đóng góp vào chỉ số phát triển con người (HDI) của tỉnh duy trì trên 0,7.",
   notes="Chỉ số không đơn vị; số viết kiểu Việt '0,7'."),
 r(P67, 2030, "Kinh phí chi cho nghiên cứu phát triển (R&D)", "2% GRDP", "=", 2, "% GRDP", S67_30 + " › (3)",
   "Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GRDP"),
 r(P67, 2030, "Kinh phí từ xã hội (trong kinh phí R&D)", "hơn 60%", ">", 60, "%", S67_30 + " › (3)",
   "trong đó kinh phí từ xã hội chiếm hơn 60%",
   notes="Tỉ lệ trên tổng kinh phí R&D, không phải trên GRDP."),
 r(P67, 2030, "Bố trí tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số",
   "ít nhất 3% tổng chi ngân sách hàng năm", ">=", 3, "% tổng chi ngân sách", S67_30 + " › (3)",
   "bố trí ít nhất 3% tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và tăng dần theo yêu cầu phát triển.",
   notes="Ngân sách tỉnh (không ghi rõ), khác 'chuyển đổi số quốc gia' của Nghị quyết 57."),
 r(P67, 2030, "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo",
   "12 người trên một vạn dân", "=", 12, "người/vạn dân", S67_30 + " › (3)",
   "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo đạt 12 người trên một vạn dân"),
 r(P67, 2030, "Số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế", "tăng ít nhất 16%", ">=", 16, "%", S67_30 + " › (3)",
   "số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế tăng ít nhất 16%",
   notes="Không ghi '/năm' và không ghi mốc so sánh (khác 57: 'tăng trung bình 16 - 18%/năm'); có thể là tăng bình quân năm bị lược chữ, nhưng giữ đơn vị '%' như văn bản."),
 r(P67, 2030, "Tỷ lệ khai thác thương mại (sáng chế)", "8 - 10%", "range", 8, "%", S67_30 + " › (3)",
   "tỷ lệ khai thác thương mại đạt 8 - 10%.", number_max=10),
 # ---------------- Programme 67, 2045 ----------------
 r(P67, 2045, "Quy mô kinh tế số", "50% GRDP", "=", 50, "% GRDP", S67_45,
   "Quy mô kinh tế số đạt 50% GRDP;",
   notes="Văn bản ghi 'đạt 50% GRDP' (không có 'tối thiểu' như 57)."),
 r(P67, 2045, "Doanh nghiệp công nghệ số đầu tư nghiên cứu, sản xuất tại tỉnh (thu hút)",
   "tối thiểu từ 1 - 2 doanh nghiệp", "range", 1, "doanh nghiệp", S67_45,
   "Thu hút tối thiểu từ 1 - 2 doanh nghiệp công nghệ số đầu tư nghiên cứu, sản xuất tại tỉnh.", number_max=2,
   notes="'tối thiểu từ 1 - 2': vừa ngưỡng dưới vừa khoảng; xếp 'range' (1–2). Có thể đọc là '>= 1'."),
]

A = []
def a(i57, i67, year, v57, v67, verdict, notes=None):
    A.append(dict(indicator_57=i57, indicator_67=i67, year=year, value_57=v57, value_67=v67, verdict=verdict, notes=notes))

by = {}
for x in records:
    by[(x["document"], x["year"], x["indicator"], x["value"])] = x
def pick(doc, year, ind, val=None):
    m = [x for x in records if x["document"] == doc and x["year"] == year and x["indicator"] == ind and (val is None or x["value"] == val)]
    assert len(m) == 1, (doc, year, ind, val, len(m))
    return m[0]

def pair(year, i57, i67, verdict, notes=None, v57=None):
    x57 = pick("57-NQ/TW", year, i57, v57) if i57 else None
    x67 = pick("67-CTr/TU", year, i67) if i67 else None
    a(i57, i67, year, x57["value"] if x57 else None, x67["value"] if x67 else None, verdict, notes)

pair(2030, "Năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử (xếp hạng Đông Nam Á)", None, "only_national",
     "Chương trình 67 (1) chỉ có 'thuộc nhóm các tỉnh có thu nhập trung bình cao' (không có số).")
pair(2030, "Năng lực cạnh tranh số và chỉ số phát triển Chính phủ điện tử (xếp hạng thế giới)", None, "only_national")
pair(2030, "Nghiên cứu và phát triển trí tuệ nhân tạo", None, "only_national")
pair(2030, "Doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", None, "only_national")
pair(2030, "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế", "Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế", "equal")
pair(2030, "Tỉ trọng xuất khẩu sản phẩm công nghệ cao trên tổng giá trị hàng hoá xuất khẩu", None, "only_national")
pair(2030, "Quy mô kinh tế số", "Quy mô kinh tế số", "equal", "GDP (quốc gia) và GRDP (tỉnh) coi là cùng đơn vị tỉ trọng.")
pair(2030, "Tỉ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp", "Tỷ lệ sử dụng dịch vụ công trực tuyến của người dân và doanh nghiệp", "equal",
     "Chính tả khác: 'Tỉ lệ' (57) / 'Tỷ lệ' (67).")
pair(2030, "Giao dịch không dùng tiền mặt", "Giao dịch không dùng tiền mặt", "higher",
     "57 ghi 'đạt 80%', 67 ghi 'đạt trên 80%': chênh lệch chỉ ở từ 'trên' (cùng con số 80); ngưỡng tỉnh chặt hơn về hình thức.")
pair(2030, "Tỉ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo", "equal")
pair(2030, "Chỉ số phát triển con người (HDI)", "Chỉ số phát triển con người (HDI) của tỉnh", "equal",
     "HDI quốc gia vs HDI của tỉnh; cùng ngưỡng trên 0,7.")
pair(2030, "Kinh phí chi cho nghiên cứu phát triển (R&D)", "Kinh phí chi cho nghiên cứu phát triển (R&D)", "equal", "2% GDP vs 2% GRDP.")
pair(2030, "Kinh phí từ xã hội (trong kinh phí R&D)", "Kinh phí từ xã hội (trong kinh phí R&D)", "equal")
pair(2030, "Bố trí tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số quốc gia",
     "Bố trí tổng chi ngân sách hàng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số", "equal",
     "Ngân sách nhà nước vs ngân sách tỉnh (ngầm hiểu); cùng 'ít nhất 3%'.")
pair(2030, "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo",
     "Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo", "equal")
pair(2030, "Tổ chức khoa học và công nghệ được xếp hạng khu vực và thế giới", None, "only_national")
pair(2030, "Số lượng công bố khoa học quốc tế", None, "only_national")
pair(2030, "Số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế", "Số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế", "not_comparable",
     "Đơn vị khác: 57 '%/năm' (tăng trung bình 16 - 18%/năm), 67 '%' không ghi kỳ (tăng ít nhất 16%). Nếu hiểu 67 là bình quân năm thì ngưỡng tỉnh bằng cận dưới của khoảng quốc gia (sẽ là 'lower' hoặc 'equal' tuỳ cách đọc).")
pair(2030, "Tỉ lệ khai thác thương mại (sáng chế)", "Tỷ lệ khai thác thương mại (sáng chế)", "equal")
pair(2030, "Tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam (thu hút thêm)", None, "only_national",
     "67 (4) có 'thu hút các tổ chức, doanh nghiệp công nghệ trong và ngoài nước đầu tư nghiên cứu, sản xuất tại tỉnh' nhưng không có số.")
pair(2045, "Quy mô kinh tế số", "Quy mô kinh tế số", "equal",
     "57 'tối thiểu 50% GDP', 67 'đạt 50% GRDP': cùng con số 50; từ định lượng khác (tối thiểu vs đạt).")
pair(2045, "Đổi mới sáng tạo, chuyển đổi số (xếp hạng thế giới)", None, "only_national",
     "67 có 'Chỉ số đổi mới sáng tạo cấp tỉnh (PII) đạt mức trung bình - khá so với cả nước' — xếp hạng giữa các tỉnh, không có số, không ghi vào gold; nếu có thì cũng not_comparable (xếp hạng quốc gia vs tỉnh).")
pair(2045, "Doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", None, "only_national")
pair(2045, "Tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở, đầu tư nghiên cứu, sản xuất tại Việt Nam (thu hút thêm)",
     "Doanh nghiệp công nghệ số đầu tư nghiên cứu, sản xuất tại tỉnh (thu hút)", "not_comparable",
     "Cùng loại chỉ tiêu (thu hút doanh nghiệp công nghệ đầu tư nghiên cứu, sản xuất) nhưng phạm vi khác: 57 'tổ chức, doanh nghiệp công nghệ hàng đầu thế giới' vào Việt Nam (ít nhất 5), 67 'doanh nghiệp công nghệ số' vào tỉnh (tối thiểu từ 1 - 2); số đếm tuyệt đối quốc gia vs tỉnh không so được.")

with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as f:
    for x in records:
        f.write(json.dumps(x, ensure_ascii=False) + "\n")
with open(os.path.join(HERE, "alignment.jsonl"), "w", encoding="utf-8") as f:
    for x in A:
        f.write(json.dumps(x, ensure_ascii=False) + "\n")
print(len(records), "records;", len(A), "alignment rows")
