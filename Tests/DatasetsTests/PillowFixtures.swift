// Generated with Pillow 13.0.0: each file's bytes (base64) and Image.open(f).convert("RGB").tobytes() (hex).
enum PillowFixtures {
    static let cases: [(name: String, mode: String, file: String, rgb: String)] = [
        (
            "grey8", "L",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFCAAAAACs8akEAAAAM0lEQVR4nAEoANf/AIK3Du5/GlACtwfikEMaLwLNsOARm5PSBB7ZE7EDOQIBawPmAT8MxTyaDrCjPGXUAAAAAElFTkSuQmCC",
            "828282b7b7b70e0e0eeeeeee7f7f7f1a1a1a505050393939bebebef0f0f07e7e7ec2c2c23434347f7f7f0606066e6e6ed0d0d08f8f8f5d5d5dc7c7c7515151242424474747e3e3e34040404343430000000202026b6b6b6e6e6e545454555555949494a0a0a0656565"
        ),
        (
            "bilevel", "1",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFAQAAAACh4ct1AAAAEklEQVR4nGOIYrJiOsSwiWkPAAuGAsuIh9jRAAAAAElFTkSuQmCC",
            "000000ffffff000000ffffffffffff000000ffffffffffff000000000000ffffff000000ffffff000000000000ffffff000000ffffff000000ffffffffffffffffff000000ffffffffffff000000000000ffffff000000ffffffffffff000000ffffffffffffffffff"
        ),
        (
            "palette8", "P",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFBAMAAAB7tOvrAAAAMFBMVEXN6nzevkyVsoeFzsFbrqMs9YQF7Uwj0mA3vJfjk5+rhusvnsZcZDzCSTNqQkOeGHN9S1p9AAAAIklEQVR4nGPMOeezi0UmX0SKyVdI8wIjJ9+/2wwbVBcbAABhYgfy9NPh9QAAAABJRU5ErkJggg==",
            "05ed4c5c643c85cec1ab86eb37bc9705ed4c5baea337bc9737bc97c249332f9ec66a42439e1873ab86ebc249332cf5846a4243c24933debe4c37bc9723d260cdea7ce3939fdebe4c23d260debe4c2cf5849e18732f9ec6cdea7c95b2872cf584ab86eb85cec185cec1"
        ),
        (
            "palette4bit", "P",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFBAMAAAB7tOvrAAAAMFBMVEXN6nzevkyVsoeFzsFbrqMs9YQF7Uwj0mA3vJfjk5+rhusvnsZcZDzCSTNqQkOeGHN9S1p9AAAAIklEQVR4nGPMOeezi0UmX0SKyVdI8wIjJ9+/2wwbVBcbAABhYgfy9NPh9QAAAABJRU5ErkJggg==",
            "05ed4c5c643c85cec1ab86eb37bc9705ed4c5baea337bc9737bc97c249332f9ec66a42439e1873ab86ebc249332cf5846a4243c24933debe4c37bc9723d260cdea7ce3939fdebe4c23d260debe4c2cf5849e18732f9ec6cdea7c95b2872cf584ab86eb85cec185cec1"
        ),
        (
            "paletteTransparent", "P",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFBAMAAAB7tOvrAAAAMFBMVEXN6nzevkyVsoeFzsFbrqMs9YQF7Uwj0mA3vJfjk5+rhusvnsZcZDzCSTNqQkOeGHN9S1p9AAAABHRSTlP///8AQCqp9AAAACJJREFUeJxjzDnns4tFJl9EislXSPMCIyffv9sMG1QXGwAAYWIH8vTT4fUAAAAASUVORK5CYII=",
            "05ed4c5c643c85cec1ab86eb37bc9705ed4c5baea337bc9737bc97c249332f9ec66a42439e1873ab86ebc249332cf5846a4243c24933debe4c37bc9723d260cdea7ce3939fdebe4c23d260debe4c2cf5849e18732f9ec6cdea7c95b2872cf584ab86eb85cec185cec1"
        ),
        (
            "greyAlpha", "LA",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFCAQAAAAjkz5TAAAAVklEQVR4nAFLALT/ALNY5rqrSFVlufSQKNVXAiRCpFS5CYz3t2iFyZ79ARtEHV4kVQcbcdzf1HGmAXm/h/TP2wKs7tjbHv19Ah31QiMCLx4OkbFaNa2BWIcjPjjc0fYAAAAASUVORK5CYII=",
            "b3b3b3e6e6e6ababab555555b9b9b9909090d5d5d5d7d7d78a8a8a646464e1e1e17070701515157373731b1b1b3838385c5c5c636363d4d4d4b3b3b3242424797979000000cfcfcfd1d1d1bfbfbf9a9a9a979797969696424242d1d1d1efefef505050f4f4f4444444"
        ),
        (
            "rgba", "RGBA",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFCAYAAACJmvbYAAAAnElEQVR4nAGRAG7/ALMAwzemSKbA291z/JX1wsRRhZr+gNQKo537kkkEQQx7rIlO1mIiKeFH5+wd8akEPc6cKOmqa0SmVACslw3ts7hDEgGB6TdhB9va9sXzyGSX7iGbAd2SBEUIPGcDRmA82GA6J68k/TO0FgPClYIcHXc3BQMC760UCt9UeR89H5+vB/Icv5oqul+o4bt2T+QCAaEVQ9GuzxvxAAAAAElFTkSuQmCC",
            "b300c3a648a6dbdd7395f5c251859a80d40a9dfb92f40c3e7d9614c806f57cf212fa894f96fcf3084099ac970db3b8430181e96107dbf6c5f36497ee9b01ddf19f49f4fea9d91823882b20aadb23f9193f703844e04c5dd352221637c28f1d3c4405dda1fafabf1c46"
        ),
        (
            "rgbTransparent", "RGB",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFCAIAAAAG+GGPAAAABnRSTlMAAQACAAPJS6v1AAAAeUlEQVR4nAFuAJH/AU2UcDmMCPxxzPYtpE+dW0JT6AmAFASb5lcE1d5LGkzkPvP67ufyvh3FhzEErDDrMcyggIiYAnuRo7j2NkjJLvsdABT69rIA2vCZ26Xu7DNiT1Ekv8XwTQCCOI5SkngQ9hCwvKEeC+nxTzymlejYyzfsKYZqpQAAAABJRU5ErkJggg==",
            "4d947086207882914478bee8c75b4309ae2b122e3fe87ac7ecf5a5370fc41b4ddb723b2afb6c47c0b57894aab2c5c145b797ddb9126e5cca203112105f676414faf6b200daf099dba5eeec33624f5124bfc5f04d82388e52927810f610b0bca11e0be9f14f3ca695e8"
        ),
        (
            "grey16", "I;16",
            "iVBORw0KGgoAAAANSUhEUgAAAAcAAAAFEAAAAAD8YXVHAAAAVklEQVR4nAFLALT/AAB6ABEADAcoAboHXgG5AQci+TEABge9+XQAYgf7AQBWAbv/HwdJALb57Af+AADLARgH0ACcABMHWwBgAQEr/wwAGwAbAXQGGPnH5XwUnnE5b2wAAAAASUVORK5CYII=",
            "7a7a7a1111110c0c0cffffffffffffffffffffffffffffff535353595959ffffff8a8a8aecececffffff565656ffffff303030ffffffffffff1b1b1bffffffcbcbcbffffffffffff9c9c9c131313ffffff606060ffffff3737375252526d6d6dffffffffffffc0c0c0"
        ),
        (
            "greyJPEG", "L",
            "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/wAALCAAPABUBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ANrXPCmkeEFXWrHxDqU2laHb22l6PrWk2L/YbDTmDQRCC+YpDJJm8tXSe2KsxiCy+Wd87cV8VvDzWnhz4fw3viSx8KWvhtDbX9xp0j/2j4ehRbZ1md8EmYEpMAYbWdvLCQrK0skjxeHvG158MZmnub/RreLXLO31GDUvF95HNYX+/wAxpX063khs1tE89pmaNQxPmxsQgZS+p4hu9Jh1Hxd4xtdI0ySxt5FvZb7w1LJBcNDfW3m2sDC4iX7TBDZok7I3kbnkRdrMsgbd8P8AgZtY8S+Ntdj8WC58C+K9ZvLG8f7HM6tHLC140ckZkjLgW3kO07Rs7MWRoZAZTNxOvfFjxB4L0jwvqOoaxaeHta1zR7e8ltryeOZ3t9ubd2lOlXhmJVm/eO6ybPLSRWZDJJ//2Q==",
            "000000acacacdedede7474743a3a3a454545a1a1a1f9f9f92e2e2e848484d1d1d19f9f9f4444443d3d3d2a2a2af0f0f07f7f7f2a2a2ad9d9d97b7b7b939393252525ececec8383831c1c1c646464939393bdbdbd2c2c2c232323d3d3d3a0a0a0c2c2c20606069797973f3f3f131313e1e1e1494949070707202020cfcfcf878787373737c3c3c3424242a0a0a0262626a1a1a15858584646468b8b8bffffff9d9d9d8f8f8f0c0c0c1f1f1f0d0d0d0e0e0e3c3c3c1c1c1c414141b6b6b6e2e2e2868686040404777777dadada3a3a3ab8b8b8656565a4a4a4b8b8b80505055858585555552f2f2f949494525252484848e7e7e7dadadadddddd3d3d3da8a8a8a0a0a0e4e4e4767676efefefe2e2e2525252e5e5e52020204c4c4cefefeff9f9f90101013333333c3c3cd6d6d61a1a1a6969690303030808087b7b7bf9f9f9b6b6b6c4c4c4ededed6b6b6b656565909090636363979797b8b8b8828282bababab4b4b47b7b7b272727fdfdfdccccccb2b2b24747474c4c4c808080f4f4f4c7c7c71818182d2d2d565656c9c9c9333333919191626262a5a5a5efefeff5f5f52d2d2d656565bebebe030303313131656565c8c8c8070707a1a1a10e0e0ea3a3a3bfbfbff7f7f7cbcbcbe5e5e52020204b4b4bdbdbdbb8b8b80707076d6d6d9090909393932b2b2b0c0c0c2d2d2db2b2b2d7d7d79c9c9c0909098b8b8b7b7b7b2525251414142c2c2c999999b2b2b2696969f9f9f93030303c3c3c7c7c7cacacacddddddcccccc000000c6c6c6c4c4c45858586a6a6aa7a7a7c4c4c4a2a2a2363636b9b9b98383833737376868689a9a9a989898919191252525545454252525cfcfcf595959797979202020ccccccdbdbdb6d6d6dd3d3d3ffffff7979799b9b9bdfdfdf8b8b8b222222acacac5b5b5bd9d9d90909094e4e4e3e3e3e979797656565dcdcdc5d5d5da3a3a3353535ababab2d2d2d212121f2f2f24747472626269e9e9e616161f3f3f3c7c7c7737373f3f3f33535350000005f5f5f5353532f2f2f343434afafaf4f4f4fc2c2c2303030e0e0e0a4a4a4606060373737bababa333333232323626262656565a6a6a6c1c1c1575757e6e6e62d2d2d7f7f7fd1d1d1eaeaeabcbcbc0101013e3e3ebcbcbc484848000000fbfbfbc4c4c4a8a8a8272727f6f6f69494940f0f0f333333f5f5f5b3b3b3696969adadadc4c4c44c4c4c939393ffffff2a2a2a3d3d3d989898cfcfcfababab212121dedede181818757575d5d5d57878788e8e8e2828284646468b8b8b383838efefefd8d8d8636363c1c1c17b7b7b323232e5e5e5b4b4b43c3c3c323232"
        ),
        (
            "cmykJPEG", "CMYK",
            "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwADAgIDAgIDAwMDBAMDBAUIBQUEBAUKBwcGCAwKDAwLCgsLDQ4SEA0OEQ4LCxAWEBETFBUVFQwPFxgWFBgSFBUU/8AAFAgABQAHBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEBAQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwDt/A+i6j8Pvi7D4H1zW7jx/wCLdY1y90qfxh4jBum+w2enRXkVsIJGchA90CCsqtuVmZnD7Fh1L4zn4ceHdZ8aX9hear4h+G2n6ebS6tdR8kPFrEhaRIkmjnSF0Hkq05EksoWXe+HQRVPhH4Y0n442ngPSDoWjadD471TUILlbi2llhtri2huNQ81IoJbdQm2fyY41CGIGdt7/AGiRTFpvj/UPFN/4U1S5WOWx8YW9xqkvhm7/ANI0VLjbG7PNbNzc5c3Mn71yQ7wvndDmT//Z",
            "f4b144371b04888f5b12cc0d650edda6321a182908152ba733733d167e28181148510719130e0dcbce3836b096003c1105233927291b361f3226404da04f940c10180a136a204443a171052827167976592949121a0b035a54192426417f0e8710381c0b3506830595"
        ),
    ]
}

// Generator (python with Pillow 13.0.0):
// import io, base64, random
// from PIL import Image
// random.seed(5)
// W, H = 7, 5
// def rnd(n): return bytes(random.randrange(256) for _ in range(n))
// cases = []
// def add(name, im, fmt, **kw):
//     b = io.BytesIO(); im.save(b, format=fmt, **kw); data = b.getvalue()
//     back = Image.open(io.BytesIO(data))
//     mode = back.mode
//     rgb = back.convert('RGB').tobytes()
//     cases.append((name, mode, base64.b64encode(data).decode(), rgb.hex()))
// add("grey8", Image.frombytes('L', (W, H), rnd(W*H)), 'PNG')
// add("bilevel", Image.frombytes('L', (W, H), rnd(W*H)).convert('1'), 'PNG')
// pal = Image.frombytes('RGB', (W, H), rnd(W*H*3)).quantize(colors=16)
// add("palette8", pal, 'PNG')
// add("palette4bit", pal, 'PNG', bits=4)
// add("paletteTransparent", pal, 'PNG', transparency=3)
// add("greyAlpha", Image.frombytes('LA', (W, H), rnd(W*H*2)), 'PNG')
// add("rgba", Image.frombytes('RGBA', (W, H), rnd(W*H*4)), 'PNG')
// add("rgbTransparent", Image.frombytes('RGB', (W, H), rnd(W*H*3)), 'PNG', transparency=(1, 2, 3))
// i16 = Image.frombytes('I;16', (W, H), bytes(v for _ in range(W*H) for v in ((random.randrange(256)), random.choice([0, 0, 1, 7]))))
// add("grey16", i16, 'PNG')
// add("greyJPEG", Image.frombytes('L', (W*3, H*3), rnd(W*H*9)), 'JPEG', quality=90)
// add("cmykJPEG", Image.frombytes('CMYK', (W, H), rnd(W*H*4)), 'JPEG', quality=90)
// print("// Generated with Pillow 13.0.0: each file's bytes (base64) and Image.open(f).convert(\"RGB\").tobytes() (hex).")
// print("enum PillowFixtures {")
// print("    static let cases: [(name: String, mode: String, file: String, rgb: String)] = [")
// for n, m, f, r in cases:
//     print(f'        ("{n}", "{m}",\n         "{f}",\n         "{r}"),')
// print("    ]\n}")
