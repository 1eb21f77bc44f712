from coursedir import CourseDir


def test_minimal_course_is_clean(course: CourseDir) -> None:
    assert course.findings() == []
