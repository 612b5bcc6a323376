"""Makes ds-5000.xlsx, the 5,000-row nominations list of the workbook
benchmark (benches/workbook.rs), and ds-30.xlsx, the 30-row list of the
service benchmark (benches/service.rs): title rows, a header, section rows
"I. TẬP THỂ" / "II. CÁ NHÂN", 120 collectives and 4,880 individuals with
mixed awards, positions, units and achievements. Deterministic.

    python3 -m pip install openpyxl && python3 benches/data/make.py
"""
import os
import random

from openpyxl import Workbook

random.seed(5000)
HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
DEM = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Ngọc", "Quốc", "Thị Thu", "Văn Hoàng", "Xuân", "Hồng"]
TEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trang", "Tuấn", "Uyên", "Vân", "Yến"]
UNITS = ["Phòng Tổng hợp", "Văn phòng Sở", "Phòng Tổ chức cán bộ", "Phòng Xây dựng chính quyền", "Trung tâm Phục vụ hành chính công", "Phòng Kế hoạch - Tài chính", "Ban Thi đua - Khen thưởng", "Phòng Công chức, viên chức"]
POSITIONS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Văn thư", "Kế toán"]
PERSON_AWARDS = ["Lao động tiên tiến"] * 6 + ["Chiến sĩ thi đua cơ sở"] * 2 + ["Giấy khen", "Bằng khen của Chủ tịch UBND tỉnh"]
GROUP_AWARDS = ["Tập thể lao động tiên tiến", "Tập thể lao động tiên tiến", "Tập thể lao động xuất sắc", "Giấy khen", "Bằng khen của Chủ tịch UBND tỉnh"]



def make(path, collectives, individuals):
    wb = Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    ws.append(["UBND TỈNH QUẢNG TRỊ"])
    ws.append(["SỞ NỘI VỤ"])
    ws.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"])
    ws.append(["Đơn vị: Sở Nội vụ"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Chức vụ", "Đơn vị công tác", "Hình thức khen thưởng", "Tóm tắt thành tích", "Ghi chú"])
    ws.append(["I. TẬP THỂ"])
    for i in range(collectives):
        ws.append([i + 1, f"{random.choice(['Phòng', 'Tổ', 'Bộ phận'])} công tác số {i + 1}", None, random.choice(UNITS), random.choice(GROUP_AWARDS), "Hoàn thành xuất sắc nhiệm vụ năm 2025", None])
    ws.append(["II. CÁ NHÂN"])
    for i in range(individuals):
        name = f"{random.choice(HO)} {random.choice(DEM)} {random.choice(TEN)}"
        ws.append([i + 1, name, random.choice(POSITIONS), random.choice(UNITS), random.choice(PERSON_AWARDS), "Hoàn thành tốt nhiệm vụ được giao năm 2025", None])
    ws.append([])
    ws.append([f"Tổng cộng: {collectives} tập thể, {individuals} cá nhân"])
    ws.append(["Người lập biểu"])
    wb.properties.created = wb.properties.modified = __import__("datetime").datetime(2025, 1, 10, 8, 0, 0)
    wb.save(path)
    print(path)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    make(os.path.join(here, "ds-5000.xlsx"), 120, 4880)
    make(os.path.join(here, "ds-30.xlsx"), 3, 27)
