"""Issue 19, item 3: the members' fairness table lists names in Vietnamese order."""

from evaluation.fairness import member_records


def test_member_names_come_in_vietnamese_order():
    result = {
        "mean": "80.00",
        "members": [
            {"member": 1, "name": "Giò Văn B", "counted": "80.00", "totals": {"1": "80.00"}},
            {"member": 2, "name": "Gà Thị A", "counted": "80.00", "totals": {"1": "80.00"}},
            {"member": 3, "name": "Đặng Văn C", "counted": "80.00", "totals": {"1": "80.00"}},
            {"member": 4, "name": "Dương Thị D", "counted": "80.00", "totals": {"1": "80.00"}},
        ],
    }
    records = member_records([(7, "Hội đồng huyện", result)], roles={})
    assert [record.name for record in records] == ["Dương Thị D", "Đặng Văn C", "Gà Thị A", "Giò Văn B"]
