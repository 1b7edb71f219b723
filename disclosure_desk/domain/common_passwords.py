"""Passwords too common to allow (PRODUCT.md §4.1), compared case-insensitively.

A short hand-made list: the top entries of the well-known leaked-password lists, Chinese
favourites (woaini…, 5201314, pinyin names + digits) and the obvious ones for this app
(admin@123, gongkai123). Only entries that would otherwise pass the length and letters+digits
rule matter, so most are ≥ 10 characters; shorter ones stay so the list reads as what it is.
"""

COMMON_PASSWORDS = frozenset(
    """
!qaz2wsx 000000 111111 123123 123321 123456 1234567 12345678 123456789 1234567890 1234567890a
123456789a 12345678a 123456a 123456abc 123456qwe 12345abcde 12345qwert 1234abcd 1234qwer
123qwe123 123qweasd 1314520 1314woaini 147258369 159753 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
1qaz2wsx3edc 1qaz@wsx 1qazxsw2 2wsx3edc 3edc4rfv 5201314 5201314a 520520520 654321 666666 888888
a11111111 a123123123 a123456 a1234567 a12345678 a123456789 a1b2c3d4 a1b2c3d4e5 a5201314 aa112233
aa123456 aaa123456 aaaa1111 abc123 abc123456 abc1234567 abc@123 abc@1234 abc@123456 abcd1234
abcd12345 abcdef123 admin admin#123 admin123 admin1234 admin12345 admin2024 admin2025 admin2026
admin@123 admin@1234 admin@12345 administrator alibaba123
asdf1234 asdfgh123 autumn2026 baidu123456 baseball1 beijing123 changeme1 chen123456 china1234
china123456 company123 computer1 default123 demo12345 desk123456 disclosure1 dragon123 football1
gongkai123 gongkai2026 gov123456 guest1234 huawei123 iloveyou iloveyou1 iloveyou123 iloveyou520
letmein1 li123456 li1234567 liu123456 master123 michael1 monkey123 office123 office2026 p@ssw0rd
p@ssw0rd1 p@ssword1 pass12345 pass123456 passw0rd password password01 password1 password12
password123 password2026 password@1 password@123 princess1 q1234567 q1w2e3r4 q1w2e3r4t5
qazwsx123 qazwsxedc qianshan123 qq123456 qq1234567 qq12345678 qwe!@#123 qwe123 qweasdzxc
qwer@1234 qwert12345 qwerty qwerty123 qwertyuiop root123 root@123 root@1234 shadow123
shanghai123 spring2026 summer2024 summer2025 sunshine1 superman1 taobao123 test1234 test12345
test123456 test@123 test@1234 trustno1 user1234 w1234567 wang1234 wang123456 welcome1 welcome123
welcome@1 welcome@123 winter2025 woaini123 woaini1234 woaini1314 woaini520 woaini5201314
x1234567 xiaomi123 xinxi123456 z1234567 zaq12wsx zaq1xsw2 zhang1234 zhang123456 zhengwu123
zxcv1234 zxcvbnm
""".split()
)
